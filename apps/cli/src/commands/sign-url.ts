export { runSignUrl as run, signUrlHelp as help } from './sign.ts';
