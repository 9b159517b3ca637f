// Device type from User-Agent, for the CloudFront-Is-*-Viewer headers.
//
// "Adding CloudFront request headers": "Based on the value of the User-Agent header,
// CloudFront sets the value of these headers to true or false. If a device falls into more
// than one category, more than one value can be true. For example, for some tablet
// devices, CloudFront sets both CloudFront-Is-Mobile-Viewer and CloudFront-Is-Tablet-Viewer
// to true." CloudFront's device database is not public; these rules follow the UA tokens
// vendors document (Apple, Google's "Android without Mobile is a tablet", Mozilla's "Mobi"),
// and every tablet counts as mobile too. Desktop is everything that is not mobile, tablet or
// smart TV, which is also what CloudFront reports for bots, curl and SDKs.

export interface DeviceFlags {
  isMobile: boolean;
  isTablet: boolean;
  isDesktop: boolean;
  isSmartTV: boolean;
  /** "an Apple mobile operating system, such as iPhone, iPod touch, and some iPad devices" */
  isIOS: boolean;
  isAndroid: boolean;
}

// iPadOS 13+ Safari sends a macOS User-Agent by default, so those iPads read as desktops
// ("some iPad devices" in CloudFront's wording).
const IPHONE = /\b(?:iPhone|iPod)\b/;
const IPAD = /\biPad\b/;
const WINDOWS_PHONE = /\bWindows Phone\b|\bIEMobile\b|\bWPDesktop\b/;
const ANDROID = /\bAndroid\b/;
const MOBILE = /\bMobile\b/;
// Vendor tokens: Samsung, LG, Philips, Panasonic, Sharp, Sony, HbbTV sets, Amazon Fire TV
// (AFTxx models), Chromecast, Roku, Apple TV, Google/Android TV.
const SMART_TV =
  /\bSMART-TV\b|\bSmartTV\b|\bTizen\b.*\bTV\b|\bWeb0S\b|\bwebOS\.TV\b|\bNetCast\b|\bHbbTV\/|\bBRAVIA\b|\bViera\b|\bAQUOS\b|\bPhilipsTV\b|\bAFT[A-Z]{1,4}\b|\bCrKey\b|\bRoku\b|\bApple ?TV\b|\btvOS\b|\bGoogleTV\b|\bAndroid TV\b|\bOpera TV\b|\bInettvBrowser\b/;
const TABLET = /\bTablet(?! PC)\b|\bKindle\b|\bPlayBook\b/;
const PHONE = /\bMobi|\bOpera Mini\b|\bBlackBerry\b|\bBB10\b|\bKAIOS\b|\bKaiOS\b|\bSymbian|\bMIDP\b/;

/** Device categories of a User-Agent; a missing or empty one is a desktop. Never throws. */
export function deviceFlags(userAgent: string | undefined): DeviceFlags {
  const ua = typeof userAgent === 'string' ? userAgent : '';
  const isSmartTV = SMART_TV.test(ua);
  const isWindowsPhone = WINDOWS_PHONE.test(ua); // Windows 10 Mobile also says "Android"
  const isAndroid = !isWindowsPhone && ANDROID.test(ua);
  const isIPhone = IPHONE.test(ua);
  const isIPad = IPAD.test(ua);
  const saysMobile = MOBILE.test(ua);
  // Google: Android tablets leave "Mobile" out of the User-Agent; phones include it.
  const isTablet = !isSmartTV && !isWindowsPhone && (isIPad || (!saysMobile && (isAndroid || TABLET.test(ua))));
  const isPhone = !isSmartTV && !isTablet && (isWindowsPhone || isIPhone || (isAndroid && saysMobile) || PHONE.test(ua));
  const isMobile = isPhone || isTablet;
  return {
    isMobile,
    isTablet,
    isDesktop: !isMobile && !isSmartTV,
    isSmartTV,
    isIOS: !isSmartTV && (isIPhone || isIPad),
    isAndroid,
  };
}
