import assert from 'node:assert/strict';
import { test } from 'node:test';

import { deviceFlags, type DeviceFlags } from './device.ts';

type Kind = 'phone' | 'tablet' | 'desktop' | 'tv';
const EXPECT: Record<Kind, Pick<DeviceFlags, 'isMobile' | 'isTablet' | 'isDesktop' | 'isSmartTV'>> = {
  phone: { isMobile: true, isTablet: false, isDesktop: false, isSmartTV: false },
  // "for some tablet devices, CloudFront sets both CloudFront-Is-Mobile-Viewer and
  // CloudFront-Is-Tablet-Viewer to true"
  tablet: { isMobile: true, isTablet: true, isDesktop: false, isSmartTV: false },
  desktop: { isMobile: false, isTablet: false, isDesktop: true, isSmartTV: false },
  tv: { isMobile: false, isTablet: false, isDesktop: false, isSmartTV: true },
};

// [name, User-Agent, kind, iOS, Android]
const CASES: [string, string | undefined, Kind, boolean, boolean][] = [
  ['iPhone Safari', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', 'phone', true, false],
  ['iPhone Chrome', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/123.0.6312.52 Mobile/15E148 Safari/604.1', 'phone', true, false],
  ['iPod touch', 'Mozilla/5.0 (iPod touch; CPU iPhone OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1', 'phone', true, false],
  ['iPad (mobile UA)', 'Mozilla/5.0 (iPad; CPU OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1', 'tablet', true, false],
  ['iPadOS 17 Safari (desktop-class UA)', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', 'desktop', false, false],
  ['Android phone Chrome', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36', 'phone', false, true],
  ['Android phone Samsung Internet', 'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36', 'phone', false, true],
  ['Android phone Firefox', 'Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0', 'phone', false, true],
  ['Android tablet Chrome', 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'tablet', false, true],
  ['Android tablet Firefox', 'Mozilla/5.0 (Android 14; Tablet; rv:125.0) Gecko/125.0 Firefox/125.0', 'tablet', false, true],
  ['Kindle Fire (Silk desktop mode)', 'Mozilla/5.0 (Linux; Android 9; KFMAWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/123.3.1 like Chrome/123.0.6312.118 Safari/537.36', 'tablet', false, true],
  ['Windows Phone (says Android too)', 'Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.15063', 'phone', false, false],
  ['Opera Mini', 'Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera Mobi/23.348; U; en) Presto/2.5.25 Version/10.54', 'phone', false, false],
  ['KaiOS feature phone', 'Mozilla/5.0 (Mobile; LYF/F300B/LYF-F300B-001-01-15-130718-i; Android; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5', 'phone', false, true],
  ['Windows Chrome', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'desktop', false, false],
  ['Windows Edge', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51', 'desktop', false, false],
  ['Windows IE11 on a touch laptop', 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; Touch; Tablet PC 2.0; rv:11.0) like Gecko', 'desktop', false, false],
  ['macOS Safari', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15', 'desktop', false, false],
  ['macOS Firefox', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0', 'desktop', false, false],
  ['Linux Chrome', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'desktop', false, false],
  ['Samsung Tizen TV', 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36', 'tv', false, false],
  ['LG webOS TV', 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager', 'tv', false, false],
  ['HbbTV set', 'Mozilla/5.0 (Linux; U; Android 4.2.2; de-de; HbbTV/1.2.1 (+DRM; Panasonic; VIERA 2014; 3.002; ; ) AppleWebKit/537.36 (KHTML, like Gecko)', 'tv', false, true],
  ['Amazon Fire TV', 'Mozilla/5.0 (Linux; Android 9; AFTKA Build/PS7633.3445N; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.119 Mobile Safari/537.36', 'tv', false, true],
  ['Android TV (Sony BRAVIA)', 'Mozilla/5.0 (Linux; Android 10; BRAVIA 4K VH2 Build/QTG3.200305.006.S292; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 Safari/537.36', 'tv', false, true],
  ['Chromecast', 'Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.150 Safari/537.36 CrKey/1.56.500000 DeviceType/AndroidTV', 'tv', false, false],
  ['Roku', 'Roku/DVP-12.5 (12.5.0.4178)', 'tv', false, false],
  ['Apple TV', 'AppleCoreMedia/1.0.0.21L569 (Apple TV; U; CPU OS 17_4 like Mac OS X; en_us)', 'tv', false, false],
  ['Googlebot (desktop)', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'desktop', false, false],
  ['Googlebot smartphone (an Android phone UA)', 'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.60 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'phone', false, true],
  ['bingbot', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'desktop', false, false],
  ['curl', 'curl/8.5.0', 'desktop', false, false],
  ['AWS SDK', 'aws-sdk-js/3.540.0 ua/2.0 os/linux#6.5.0 lang/js md/nodejs#20.12.0', 'desktop', false, false],
  ['empty', '', 'desktop', false, false],
  ['missing', undefined, 'desktop', false, false],
];

test('deviceFlags: real User-Agents', () => {
  for (const [name, ua, kind, isIOS, isAndroid] of CASES) {
    assert.deepEqual(deviceFlags(ua), { ...EXPECT[kind], isIOS, isAndroid }, name);
  }
});

test('deviceFlags: desktop exactly when not mobile, tablet or smart TV', () => {
  for (const [, ua] of CASES) {
    const f = deviceFlags(ua);
    assert.equal(f.isDesktop, !f.isMobile && !f.isTablet && !f.isSmartTV, ua);
  }
});

test('deviceFlags: odd input never throws', () => {
  for (const ua of [null, 42, {}, 'x'.repeat(100_000), '\u0000\uffff', 'iPad'.repeat(1000)] as unknown[]) {
    assert.equal(typeof deviceFlags(ua as string).isDesktop, 'boolean');
  }
});
