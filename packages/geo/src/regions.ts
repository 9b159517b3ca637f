// Names for first-level ISO 3166-2 subdivisions, for CloudFront-Viewer-Country-Region-Name.
// The GeoLite data behind geoip-lite carries only the subdivision code ("CA", "ENG", "HE"),
// so a name is known only for the countries listed here; for the others the location has
// no regionName and the header is omitted, as CloudFront omits headers it has no value for.

const NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  US: {
    AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado',
    CT: 'Connecticut', DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia',
    HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa', KS: 'Kansas',
    KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts',
    MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
    NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico',
    NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma',
    OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina',
    SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VT: 'Vermont', VA: 'Virginia',
    WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
    AS: 'American Samoa', GU: 'Guam', MP: 'Northern Mariana Islands', PR: 'Puerto Rico',
    UM: 'United States Minor Outlying Islands', VI: 'U.S. Virgin Islands',
  },
  CA: {
    AB: 'Alberta', BC: 'British Columbia', MB: 'Manitoba', NB: 'New Brunswick',
    NL: 'Newfoundland and Labrador', NS: 'Nova Scotia', NT: 'Northwest Territories',
    NU: 'Nunavut', ON: 'Ontario', PE: 'Prince Edward Island', QC: 'Quebec',
    SK: 'Saskatchewan', YT: 'Yukon',
  },
  AU: {
    ACT: 'Australian Capital Territory', NSW: 'New South Wales', NT: 'Northern Territory',
    QLD: 'Queensland', SA: 'South Australia', TAS: 'Tasmania', VIC: 'Victoria',
    WA: 'Western Australia',
  },
  GB: { ENG: 'England', NIR: 'Northern Ireland', SCT: 'Scotland', WLS: 'Wales' },
  DE: {
    BB: 'Brandenburg', BE: 'Berlin', BW: 'Baden-Württemberg', BY: 'Bavaria', HB: 'Bremen',
    HE: 'Hesse', HH: 'Hamburg', MV: 'Mecklenburg-Vorpommern', NI: 'Lower Saxony',
    NW: 'North Rhine-Westphalia', RP: 'Rhineland-Palatinate', SH: 'Schleswig-Holstein',
    SL: 'Saarland', SN: 'Saxony', ST: 'Saxony-Anhalt', TH: 'Thuringia',
  },
};

/** The English name of subdivision `region` of `country`, when this table has it. */
export function regionName(country: string, region: string): string | undefined {
  const c = country.toUpperCase();
  const r = region.toUpperCase();
  if (!Object.hasOwn(NAMES, c)) return undefined;
  const names = NAMES[c]!;
  return Object.hasOwn(names, r) ? names[r] : undefined;
}
