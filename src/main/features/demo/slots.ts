/**
 * Slot values for templates and the per-conversation context that keeps them
 * consistent (the same bike, order number and city across a DM thread).
 */
import { tpls, type Composer } from './compose'
import type { Rng } from './prng'
import { Weighted } from './prng'

export const BRAND_SITE = 'https://lumenbikes.example'
export const SUPPORT_SITE = 'https://support.lumenbikes.example'

interface Product {
  full: string
  short: readonly string[]
  price: string
}

export const PRODUCTS: readonly Product[] = [
  { full: 'Lumen Commuter 2', short: ['Commuter 2', 'Commuter 2', 'Commuter', 'C2'], price: '€2,490' },
  { full: 'Lumen Trail X', short: ['Trail X', 'Trail X', 'TX'], price: '€3,890' },
  { full: 'Lumen Cargo Duo', short: ['Cargo Duo', 'Cargo Duo', 'cargo bike'], price: '€4,290' },
  { full: 'Lumen Fold Mini', short: ['Fold Mini', 'Fold Mini', 'Fold'], price: '€1,990' },
]
const PRODUCT_WEIGHTS = new Weighted([45, 30, 13, 12])

interface Part {
  name: string
  /** 0 power, 1 electrical, 2 mechanical: picks the matching issue list. */
  group: number
}

const PARTS: readonly Part[] = [
  { name: 'battery', group: 0 }, { name: 'battery', group: 0 }, { name: 'charger', group: 0 },
  { name: 'charging port', group: 0 }, { name: 'motor', group: 1 }, { name: 'motor', group: 1 },
  { name: 'display', group: 1 }, { name: 'rear light', group: 1 }, { name: 'headlight', group: 1 },
  { name: 'speed sensor', group: 1 }, { name: 'controller', group: 1 }, { name: 'rear brake', group: 2 },
  { name: 'chain', group: 2 }, { name: 'belt', group: 2 }, { name: 'kickstand', group: 2 },
  { name: 'rear rack', group: 2 }, { name: 'front fender', group: 2 }, { name: 'left pedal', group: 2 },
  { name: 'saddle', group: 2 }, { name: 'rear derailleur', group: 2 }, { name: 'front fork', group: 2 },
]

const MECH_PARTS = ['brake pads', 'chain', 'rear tyre', 'inner tube', 'kickstand', 'pedals', 'saddle clamp', 'bell', 'mudguard stays', 'derailleur hanger']

const ISSUES = [
  tpls([
    "won't charge past 80%", 'drains overnight', 'only gets about {km} km now', 'shows 100% and then drops to half on the first hill',
    'gets really hot while charging', 'stopped charging completely', 'has a blinking red light', 'makes a buzzing sound when plugged in',
    "won't click into the frame properly", 'loses 20% just sitting in the garage',
  ]),
  tpls([
    'cuts out randomly', 'shows error {err}', 'makes a clicking noise on climbs', 'flickers when I go over bumps', "won't turn on",
    'lags behind when I start pedaling', 'stopped working after the rain', 'keeps resetting to eco mode',
    'is way louder than it used to be', 'only works half the time',
  ]),
  tpls([
    'squeaks constantly', 'rattles on cobblestones', 'feels loose', 'keeps slipping', 'rubs against the frame',
    'bent after a tiny bump', 'is already worn out', 'came loose after a week', 'needs adjusting every few days', 'makes a grinding noise',
  ]),
]

const APP_ISSUES = [
  'crashes on launch', "can't find my bike anymore", 'logs me out every day', 'shows the wrong battery level', 'lost my whole ride history',
  'keeps asking for Bluetooth permission', 'is stuck on the loading screen', "won't let me install the firmware update",
  'drains my phone battery', 'shows my rides in the wrong city', 'freezes when I open the map', 'sends the theft alarm twice',
]

const APP_VERSIONS = ['3.2.0', '3.2.4', '3.3.1', '3.4.0', '3.4.1', '3.5.0', '3.5.2']
const FIRMWARE = ['v2.6.1', 'v2.7.0', 'v2.7.3', 'v2.8.0', 'v2.8.2', 'v2.9.0']
const ERRORS = ['E07', 'E12', 'E21', 'E30', 'E44', 'E51']
const PHONES = ['iPhone 13', 'iPhone 15', 'iPhone SE', 'Pixel 8', 'Pixel 6a', 'Galaxy S23', 'Galaxy A52', 'OnePlus 11', 'Fairphone 5', 'Xiaomi 13']
const CARRIERS = ['DHL', 'UPS', 'DPD', 'GLS', 'PostNL', 'FedEx', 'Royal Mail', 'Canada Post', 'Correos', 'La Poste', 'Hermes', 'bpost']

export type Lang = 'en' | 'es' | 'de' | 'fr' | 'ja'

interface City {
  name: string
  country: string
  lang: Lang
}

const CITY_DATA: ReadonlyArray<readonly [string, string, Lang]> = [
  ['Portland', 'the US', 'en'], ['Seattle', 'the US', 'en'], ['Austin', 'the US', 'en'], ['Minneapolis', 'the US', 'en'],
  ['Boston', 'the US', 'en'], ['Toronto', 'Canada', 'en'], ['Vancouver', 'Canada', 'en'], ['Melbourne', 'Australia', 'en'],
  ['Sydney', 'Australia', 'en'], ['Wellington', 'New Zealand', 'en'], ['Leeds', 'the UK', 'en'], ['Bristol', 'the UK', 'en'],
  ['Manchester', 'the UK', 'en'], ['Edinburgh', 'the UK', 'en'], ['London', 'the UK', 'en'], ['Dublin', 'Ireland', 'en'],
  ['Cork', 'Ireland', 'en'], ['Copenhagen', 'Denmark', 'en'], ['Oslo', 'Norway', 'en'], ['Stockholm', 'Sweden', 'en'],
  ['Helsinki', 'Finland', 'en'], ['Amsterdam', 'the Netherlands', 'en'], ['Utrecht', 'the Netherlands', 'en'],
  ['Rotterdam', 'the Netherlands', 'en'], ['Ghent', 'Belgium', 'en'], ['Antwerp', 'Belgium', 'en'], ['Tallinn', 'Estonia', 'en'],
  ['Kyoto', 'Japan', 'en'], ['Tokyo', 'Japan', 'en'], ['Taipei', 'Taiwan', 'en'], ['Seoul', 'South Korea', 'en'],
  ['Barcelona', 'Spain', 'es'], ['Madrid', 'Spain', 'es'], ['Valencia', 'Spain', 'es'], ['Sevilla', 'Spain', 'es'],
  ['Bilbao', 'Spain', 'es'], ['Buenos Aires', 'Argentina', 'es'], ['Ciudad de México', 'Mexico', 'es'],
  ['Berlin', 'Germany', 'de'], ['München', 'Germany', 'de'], ['Hamburg', 'Germany', 'de'], ['Köln', 'Germany', 'de'],
  ['Freiburg', 'Germany', 'de'], ['Leipzig', 'Germany', 'de'], ['Wien', 'Austria', 'de'], ['Zürich', 'Switzerland', 'de'],
  ['Paris', 'France', 'fr'], ['Lyon', 'France', 'fr'], ['Nantes', 'France', 'fr'], ['Bordeaux', 'France', 'fr'],
  ['Strasbourg', 'France', 'fr'], ['Grenoble', 'France', 'fr'], ['Montréal', 'Canada', 'fr'], ['Genève', 'Switzerland', 'fr'],
]
export const CITIES: readonly City[] = CITY_DATA.map(([name, country, lang]) => ({ name, country, lang }))

/** City indexes per language, so a German speaker usually lives in a German-speaking city. */
export const CITIES_BY_LANG: Readonly<Record<Lang, readonly number[]>> = {
  en: CITIES.flatMap((c, i) => (c.lang === 'en' ? [i] : [])),
  es: CITIES.flatMap((c, i) => (c.lang === 'es' ? [i] : [])),
  de: CITIES.flatMap((c, i) => (c.lang === 'de' ? [i] : [])),
  fr: CITIES.flatMap((c, i) => (c.lang === 'fr' ? [i] : [])),
  // Japanese speakers live in Japan's cities, which the English-speaking share of the demo also visits.
  ja: CITIES.flatMap((c, i) => (c.country === 'Japan' ? [i] : [])),
}

const PERIODS = ['two weeks', 'three weeks', '10 days', 'a month', 'six weeks', 'five days', 'almost two months', 'a week', 'over a month', '12 days']
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
const SEASONS = ['spring', 'summer', 'autumn', 'fall', 'winter']
const TIMES = ['this morning', 'yesterday', 'last night', 'on my way home', 'on the way to work', 'today', 'on Sunday', 'after work']

export interface Staff {
  name: string
  initials: string
}

export const STAFF: readonly Staff[] = [
  { name: 'Maya', initials: 'MK' }, { name: 'Jonas', initials: 'JB' }, { name: 'Priyanka', initials: 'PR' },
  { name: 'Tomás', initials: 'TG' }, { name: 'Elif', initials: 'ES' }, { name: 'Sam', initials: 'SW' }, { name: 'Noor', initials: 'NH' },
]

const FEATURES = [
  'a dark mode in the app', 'Apple Watch support', 'Strava sync', 'a bigger battery option', 'a step-through frame for the Trail X',
  'turn signals in the rear light', 'a proper kickstand for the Fold Mini', 'GPS tracking without a subscription', 'GPX export for rides',
  'a theft alert that works without the app open', 'more assist levels', 'a walk assist mode', 'a home screen widget',
  'a way to share the bike with family members in the app', 'battery health stats', 'a cargo version of the Commuter', 'Garmin integration',
  'a quieter motor mode', 'offline maps in the app', 'auto-lock when I walk away',
]

const SHIPPED = [
  'a dark mode, faster pairing and GPX export', 'live range estimates based on how you ride', 'a new theft alert and family sharing',
  'home screen widgets and a cleaner dashboard', 'Apple Watch support', 'a redesigned ride history', 'battery health stats',
  'offline maps for your saved routes',
]

const COMPETITORS = ['Voltera', 'Brisk Cycles', 'Kestrel', 'Northwind', 'Ampere Velo']

const ACCESSORIES = [
  'Lumen rear rack', 'spare 625 Wh battery', 'fast charger', 'Lumen U-lock', 'phone mount', 'front basket', 'child seat adapter',
  'fender set', 'Lumen helmet', 'pannier set', 'frame bag', 'suspension seatpost',
]

const ARTICLES = [
  'battery-care', 'charger-troubleshooting', 'firmware-updates', 'pairing-the-lumen-app', 'returns-and-refunds', 'shipping-and-delivery',
  'warranty', 'adjusting-your-brakes', 'display-error-codes', 'riding-in-winter', 'storing-your-battery', 'service-intervals',
]

const SPAM_LINKS = [
  'https://lumen-giveaway.example/claim', 'https://free-ebike-drop.example/win', 'https://moonshot-token.example/presale',
  'https://grow-followers.example/buy', 'https://secure-verify-account.example/login', 'https://ebike-outlet-90off.example/shop',
  'https://crypto-signals.example/join',
]

const PHOTO_HOSTS = ['https://photos.example.org/p/', 'https://pixelfed.example.net/p/', 'https://img.example.com/a/']

const EMOJI = ['🚲', '😍', '🙌', '🔥', '💛', '⚡', '😅', '🙏', '👍', '😂', '🤞', '😬', '🌧️', '☀️', '✨', '💪', '🥲', '😤', '🤔', '👀', '🎉', '🚴', '🚴‍♀️', '🔋', '❤️']

export const HASHTAGS = [
  'ebike', 'ebike', 'ebikes', 'bikecommute', 'cycling', 'cycling', 'LumenBikes', 'CommuterLife', 'cyclingcommunity', 'BikeTooter',
  'emtb', 'urbancycling', 'bikelife', 'VisionZero', 'carfree', 'ActiveTravel', 'bikeTO', 'cargobike',
]

const MEET_POINTS = ['the main station', 'the Lumen store', 'the harbour', 'the old town square', 'the north entrance of the park', 'the café by the river']

/** Values chosen once per conversation; a single instance is reused to avoid allocation. */
export class Ctx {
  product = 0
  part = 0
  issue = 0
  city = 0
  carrier = 0
  phone = 0
  appver = 0
  fw = 0
  err = 0
  feature = 0
  competitor = 0
  accessory = 0
  staff = 0
  article = 0
  order = ''
  ticket = ''
  /** First name of the customer the brand is talking to. */
  name = ''
  /** Path segment for customer photo links. */
  photoUser = 'rider'

  reroll(rng: Rng, city: number): void {
    this.product = PRODUCT_WEIGHTS.sample(rng)
    this.part = rng.int(PARTS.length)
    this.issue = rng.int(1000)
    this.city = city
    this.carrier = rng.int(CARRIERS.length)
    this.phone = rng.int(PHONES.length)
    this.appver = rng.int(APP_VERSIONS.length - 1)
    this.fw = rng.int(FIRMWARE.length)
    this.err = rng.int(ERRORS.length)
    this.feature = rng.int(FEATURES.length)
    this.competitor = rng.int(COMPETITORS.length)
    this.accessory = rng.int(ACCESSORIES.length)
    this.staff = rng.int(STAFF.length)
    this.article = rng.int(ARTICLES.length)
    this.order = 'LB-' + String(rng.range(204_000, 389_999))
    this.ticket = '#' + String(rng.range(48_000, 99_999))
  }
}

/** Resolves one {slot}; an unknown name is a bug in the template data. */
export function resolveSlot(slot: string, c: Composer, ctx: Ctx): void {
  const rng = c.rng
  switch (slot) {
    case 'product': return c.val(rng.chance(0.6) ? (PRODUCTS[ctx.product] as Product).full : ((PRODUCTS[ctx.product] as Product).short[0] as string))
    case 'bike': return c.val(rng.pick((PRODUCTS[ctx.product] as Product).short))
    case 'price': return c.val((PRODUCTS[ctx.product] as Product).price)
    case 'part': return c.val((PARTS[ctx.part] as Part).name)
    case 'part2': return c.val(rng.pick(MECH_PARTS))
    case 'issue': {
      const list = ISSUES[(PARTS[ctx.part] as Part).group] as readonly (readonly string[])[]
      return c.fill(list[ctx.issue % list.length] as readonly string[])
    }
    case 'appissue': return c.val(APP_ISSUES[ctx.issue % APP_ISSUES.length] as string)
    case 'app': return c.val(rng.chance(0.6) ? 'the Lumen app' : 'the app')
    case 'appver': return c.val(APP_VERSIONS[ctx.appver] as string)
    case 'appnext': return c.val(APP_VERSIONS[ctx.appver + 1] as string)
    case 'fw': return c.val(FIRMWARE[ctx.fw] as string)
    case 'err': return c.val(ERRORS[ctx.err] as string)
    case 'phone': return c.val(PHONES[ctx.phone] as string)
    case 'carrier': return c.val(CARRIERS[ctx.carrier] as string)
    case 'city': return c.val((CITIES[ctx.city] as City).name)
    case 'country': return c.val((CITIES[ctx.city] as City).country)
    case 'order': return c.val(ctx.order)
    case 'ticket': return c.val(ctx.ticket)
    case 'period': return c.val(rng.pick(PERIODS))
    case 'weekday': return c.val(rng.pick(WEEKDAYS))
    case 'season': return c.val(rng.pick(SEASONS))
    case 'when': return c.val(rng.pick(TIMES))
    case 'n': return c.val(String(rng.range(2, 9)))
    case 'km': return c.val(String(rng.range(8, 95)))
    case 'pct': return c.val(String(5 * rng.range(2, 18)))
    case 'staff': return c.val((STAFF[ctx.staff] as Staff).name)
    case 'name': return c.val(ctx.name)
    case 'feature': return c.val(FEATURES[ctx.feature] as string)
    case 'shipped': return c.val(rng.pick(SHIPPED))
    case 'competitor': return c.val(COMPETITORS[ctx.competitor] as string)
    case 'accessory': return c.val(ACCESSORIES[ctx.accessory] as string)
    case 'meet': return c.val(rng.pick(MEET_POINTS))
    case 'emoji': return c.val(rng.pick(EMOJI))
    case 'article': return c.link(SUPPORT_SITE + '/articles/' + String(360_000 + ctx.article * 7919) + '-' + (ARTICLES[ctx.article] as string))
    case 'shop': return c.link(BRAND_SITE + '/shop/' + (PRODUCTS[ctx.product] as Product).full.slice(6).toLowerCase().replace(' ', '-'))
    case 'photo': return c.link(rng.pick(PHOTO_HOSTS) + ctx.photoUser + '/' + String(rng.range(10_000, 999_999)))
    case 'spamlink': return c.link(rng.pick(SPAM_LINKS) + '?ref=' + String(rng.range(1000, 99_999)))
    default: throw new Error('demo template uses unknown slot {' + slot + '}')
  }
}
