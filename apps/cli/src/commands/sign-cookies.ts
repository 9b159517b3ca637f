export { runSignCookies as run, signCookiesHelp as help } from './sign.ts';
