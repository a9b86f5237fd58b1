/** Feed entries: forum topics and news articles that mention the brand. */
import { tpls, type Tpl } from './compose'

export const FORUM_TITLES: Tpl[] = tpls([
  '{bike} battery range in winter?',
  'Clicking noise from the {bike} motor after firmware {fw}',
  'Lumen app {appver}: anyone else losing ride history?',
  '{bike} vs {competitor} for a {km} km commute',
  'Warranty experience with Lumen (surprisingly good)',
  'Long-term review: {n},000 km on the {bike}',
  'Where to get a {bike} serviced in {city}?',
  'Error {err} on my {bike}, solved',
  'Upgrading the brakes on the {bike}, worth it?',
  'Best rack and panniers for the {bike}?',
  'Lumen support response times lately?',
  'Second-hand {bike}: what to check before buying',
  'Is the {bike} worth it at {price}?',
  '{bike} owners in {city}: group ride?',
  'Charger died after {n} months, Lumen replaced it',
  'Thoughts on the new {bike} colours?',
  'Lumen {part} replacement: DIY or shop?',
  'Fitting a child seat to the {bike}',
])

export const FORUM_OPENERS: Tpl[] = tpls([
  'I have had my {bike} for about {period} now and the range has dropped noticeably.',
  'Long time lurker, first post. My {bike} has been basically flawless so far.',
  'The motor on my {bike} started making a faint clicking sound on climbs.',
  'Since the last update the app keeps losing the connection to the bike.',
  'Trying to decide between the {bike} and the {competitor} equivalent.',
  'Sharing my experience with Lumen support because the forum helped me a lot.',
  'My {part} {issue} and I am not sure if it is worth a trip to the shop.',
])

export const FORUM_DETAILS: Tpl[] = tpls([
  'Commute is {km} km each way with a few steep hills, mostly in {city}.',
  'Lumen support told me to update to {fw}, which helped a bit.',
  'Tyre pressure is fine, chain is clean, no idea what else to check.',
  'The shop in {city} quoted two weeks just to look at it.',
  'Support replied within a day and sent a new {part}, no questions asked.',
  'I mostly ride in eco mode and charge every {n} days.',
  'Photos in the next post.',
])

export const FORUM_CLOSERS: Tpl[] = tpls([
  'Curious if anyone else has seen this.', 'Any tips appreciated!', 'What would you do?', 'Thanks in advance, ride safe.',
  'Happy to answer questions.', 'Will report back.',
])

export const NEWS_TITLES: Tpl[] = tpls([
  'Lumen Bikes opens flagship store in {city}',
  'Review: the {product} is the commuter e-bike to beat',
  'Lumen Bikes raises {n}0 million euros to expand its service network',
  '{city} expands e-bike subsidy, Lumen models among those eligible',
  'Lumen Bikes recalls some chargers over overheating risk',
  'Tested: {product} vs {competitor} in a {km} km commute challenge',
  'Lumen Bikes on tariffs, batteries and the next {bike}',
  'Lumen app update brings {shipped}',
  'E-bike sales keep climbing in {city}, Lumen and {competitor} lead',
  'Lumen Bikes partners with {city} transit for bike-and-ride pilot',
  'Long-term test: a year with the {product}',
  'The best e-bikes of the year: {product} makes the list',
  'Why cargo bikes are taking over {city}, and where Lumen fits in',
  'Lumen Bikes cuts prices on the {product} ahead of {season}',
])

export const NEWS_LEADS: Tpl[] = tpls([
  'The Utrecht-based e-bike maker says the move is part of a wider push into {country}.',
  'Our reviewer rode the {product} for {period} through {city} traffic.',
  'Lumen Bikes announced the news on {weekday} in a post on its website.',
  'The company says more than {n}0,000 riders now use its app every week.',
  'E-bike makers are under pressure as demand shifts toward cheaper models.',
  'City officials in {city} say e-bike trips have doubled in two years.',
])

export const NEWS_DETAILS: Tpl[] = tpls([
  'Prices start at {price}.',
  'A spokesperson for Lumen Bikes did not immediately respond to a request for comment.',
  'Competitors such as {competitor} are pursuing a similar strategy.',
  'Owners can check whether they are affected on the Lumen support site.',
  'The {bike} gets a {pct}% bigger battery and a quieter motor than its predecessor.',
  'Range in our test was about {km} km in mixed riding.',
  'The company employs around {n}00 people across Europe and North America.',
])

interface Publication {
  name: string
  host: string
}

export const PUBLICATIONS: readonly Publication[] = [
  { name: 'Velo Daily', host: 'velodaily.example.com' },
  { name: 'Urban Cycling Weekly', host: 'urbancycling.example.org' },
  { name: 'The Commute Report', host: 'commutereport.example.net' },
  { name: 'E-Mobility Today', host: 'emobility.example.com' },
  { name: 'Tech Wheel', host: 'techwheel.example.org' },
  { name: 'City Transport Journal', host: 'citytransport.example.net' },
  { name: 'Gear Lab', host: 'gearlab.example.com' },
]

export const JOURNALISTS = [
  'Hannah Weiss', 'Marcus Lee', 'Sofia Ramírez', 'Daniel Okafor', 'Clara Jensen', 'Tom Richter', 'Aiko Mori', 'Laura Chen',
  'Ben Carter', 'Élodie Martin',
]
