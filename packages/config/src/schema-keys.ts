// The shape of public keys and key groups in a config file (API reference PublicKeyConfig /
// KeyGroupConfig, camelCase, plain lists). PublicKeyConfig's CallerReference is not
// modelled: the id plays its part. Counts and references live in the checks.

import { z } from 'zod';
import { keyIdProblem } from './formats.ts';
import { MAX_COMMENT_LENGTH } from './limits.ts';
import { encodedKeyProblem } from './public-key.ts';
import { checkedString, maxLength, nonEmpty } from './schema-helpers.ts';

const keyId = checkedString(keyIdProblem);

export const publicKeySchema = z
  .strictObject({
    id: keyId,
    name: keyId.optional(),
    encodedKey: checkedString(encodedKeyProblem),
    comment: maxLength(MAX_COMMENT_LENGTH).default(''),
  })
  .transform((k) => ({ id: k.id, name: k.name ?? k.id, encodedKey: k.encodedKey, comment: k.comment }));

export const keyGroupSchema = z
  .strictObject({
    id: keyId,
    name: keyId.optional(),
    // CreateKeyGroup: "To create a key group, you must specify at least one public key".
    items: z.array(nonEmpty()).min(1, { error: 'a key group needs at least one public key' }),
    comment: maxLength(MAX_COMMENT_LENGTH).default(''),
  })
  .transform((g) => ({ id: g.id, name: g.name ?? g.id, items: g.items, comment: g.comment }));
