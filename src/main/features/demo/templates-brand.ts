/** What the brand's own accounts write: posts that start comment threads, and replies. */
import { tpls, type Tpl } from './compose'
import type { Intent } from './templates-customer'

/** Posts on the main accounts; comment threads hang off these. */
export const BRAND_POSTS: Tpl[] = tpls([
  'Spring rides are back. Where are you taking your {bike} this weekend? {emoji}',
  'New in {app} {appnext}: {shipped}. Update now!',
  'Group ride in {city} this {weekday}! Meet at {meet} at 18:00, all bikes welcome.',
  'Tip: keep your battery between 20 and 80% when you store it for a while. More in our guide: {article}',
  "We're opening a new service point in {city} next month 🎉",
  'Meet the {product}: same frame you love, 20% more range, and a motor you can barely hear.',
  'Customer story: a rider in {city} replaced the family car with a {bike} and rides {km} km a day.',
  'What should we build next? Reply with your wish 👇',
  'Firmware {fw} is rolling out to the {bike}: smoother assist and better range estimates.',
  '{season} service special: 20% off a full check-up at partner shops in {city}.',
  'Behind the scenes: testing the next {bike} on the cobblestones of {city}.',
  "We're hiring! Looking for a support engineer in {city}. Details on our careers page.",
  'Rain, wind, {season}: the {bike} does not care. Do you? {emoji}',
  'Show us your setup! Best photo of a {bike} this week wins a {accessory}.',
  'Reminder: the {product} test ride tour stops in {city} on {weekday}.',
  'The {product} is back in stock in all colours. {shop}',
  'Quick poll: do you charge your battery on the bike or take it inside?',
  'Five years of Lumen Bikes today. Thank you for riding with us 💛',
  'How many km did you ride last month? Our team average was {km}0.',
  'Safety first: check your brake pads every {n} months, or sooner if you ride in the rain a lot. {article}',
])

/** Posts on the support account: status notes and how-tos. */
export const SUPPORT_POSTS: Tpl[] = tpls([
  'Scheduled maintenance: {app} will be unavailable tonight from 22:00 to 23:00 CET.',
  'Known issue: some riders see {err} after {fw}. We are on it and will post updates in this thread.',
  'Update: the fix for {err} is rolling out now. Restart your bike after the update.',
  'Our support team is at half capacity on {weekday} for training. DMs will be answered the next day.',
  'How to pair {app} with your bike in 3 steps: {article}',
  'Delays with {carrier} in {country} this week. Orders are moving again but expect a day or two extra.',
  'Reminder: never share your account password with anyone, including people claiming to be us.',
  'Heads up: there are fake giveaway accounts using our logo. We never ask you to click a link to claim a prize.',
  'New help article: what each display error code means. {article}',
  'Battery recall check: enter your serial number on our support site to see if your charger is affected. {article}',
])

export const BRAND_REPLIES: Readonly<Record<Intent | 'reaction', Tpl[]>> = {
  question: tpls([
    'Hi {name}! Good question. Everything you need is in this guide: {article}',
    'Yes! Details here: {article}',
    'Test rides are available in {city} at our partner shops, you can book one on our site.',
    'Not yet, but we are working on it. Stay tuned!',
    'Good question, {name}! Sending you a DM with the details.',
    'Hi {name}, the {bike} is fine in the rain, just skip the pressure washer.',
    'Hi {name}, our partner shops in {city} can help with that. Full list: {article}',
    'Yes, the {accessory} fits all current models.',
  ]),
  complaint: tpls([
    "Hi {name}, we're really sorry about this. Could you DM us your order number so we can look into it?",
    "That is not the experience we want you to have. Ticket {ticket} is now with a team lead, you'll hear back within 24h.",
    'Sorry for the wait, {name}. Volumes are high this week but your case is not forgotten.',
    'That sounds frustrating. DM us and we will sort it out.',
    "We hear you, {name}. Sending you a DM now so we can fix this properly.",
    'Sorry {name}! We checked and the part ships on {weekday}. We will keep you posted.',
  ]),
  praise: tpls([
    'This made our day, thank you {name}! 💛',
    'Ride on! 🚲',
    'Thanks so much for sharing!',
    'Love to hear it! Enjoy the ride.',
    'We will pass this on to {staff}, thank you!',
    'Wow, {name}! Thanks for riding with us.',
  ]),
  bug: tpls([
    'Thanks for the report! The team is aware and a fix is coming in {appnext}.',
    'Thanks {name}, could you DM us your phone model and app version? We would like to reproduce this.',
    'Known issue after {fw}, a hotfix is rolling out this week. Sorry about that!',
    'Try force-closing the app and toggling Bluetooth, that usually does it. If not, let us know.',
    'Thanks! Passed on to our app team. Does it also happen after a restart?',
  ]),
  refund: tpls([
    'Hi {name}, refunds take 5 to 10 business days after the return arrives. DM us the order number and we will check.',
    'Sorry about the double charge! Please DM us the order number and we will fix it right away.',
    'Hi {name}, everything about returns is here: {article}',
  ]),
  shipping: tpls([
    'Hi {name}, let us check with {carrier}. Could you DM us your order number?',
    'Sorry for the delay! Shipments to {city} are running about a week behind right now.',
    'Hi {name}, we just checked and your order is on its way. Tracking should update today.',
  ]),
  feature: tpls([
    'Love this idea, passing it on to the product team!',
    "It's on our list 👀",
    'Thanks for the suggestion, {name}! We will share it with the app team.',
    'Noted! Keep them coming.',
  ]),
  chatter: tpls(['Thanks for the shoutout!', '🙌', 'Glad you like it!', 'Welcome to the Lumen family, {name}!', 'Enjoy the ride! {emoji}']),
  reaction: tpls(['Thank you!', '💛', 'Glad you like it!', 'Thanks for the love!', '🙌', 'Enjoy the ride! 🚲']),
  spam: [],
}

/** First brand turn in a DM: acknowledge and ask for what is needed. */
export const DM_ACK: Readonly<Record<Intent, Tpl[]>> = {
  question: BRAND_REPLIES.question,
  complaint: tpls([
    'Hi {name}, sorry to hear that. Could you send us your order number and a short description of what happened?',
    'Hi {name}, thanks for your patience. I pulled up your case. Can you confirm the email address on the order?',
    'Hi {name}, {staff} here. Really sorry about this, let me look into it right now.',
  ]),
  praise: BRAND_REPLIES.praise,
  bug: tpls([
    'Thanks for the details! Which phone and app version are you on?',
    'Hi {name}, could you send a photo of the display showing the error?',
    'Hi {name}, does it happen every ride or only sometimes?',
  ]),
  refund: tpls([
    'Hi {name}, happy to help with that. What is the order number?',
    'Hi {name}, I checked and the refund for {order} was issued on {weekday}. It can take a few business days to show up.',
  ]),
  shipping: tpls([
    'Hi {name}, let me check the status of {order} with {carrier}.',
    'Hi {name}! Your order is packed and should leave our warehouse by {weekday}.',
    'Hi {name}, could you send me the order number so I can check?',
  ]),
  feature: BRAND_REPLIES.feature,
  chatter: BRAND_REPLIES.chatter,
  spam: [],
}

const RESOLVE_ANY = tpls(['I added a note to your account so you will not have to explain it again.'])

/** Second brand turn in a DM: what was done about it. */
export const DM_RESOLVE: Readonly<Record<Intent, Tpl[]>> = {
  question: [
    ...tpls([
      'Could you try this guide and tell us what happens? {article}',
      'Our partner shop in {city} has a {bike} ready for a test ride, they will email you to book a time.',
    ]),
    ...RESOLVE_ANY,
  ],
  complaint: [
    ...tpls([
      'Thanks! I created ticket {ticket} and a technician from our {city} partner will contact you.',
      'All sorted: we are sending a replacement {part} today, tracking follows by email.',
    ]),
    ...RESOLVE_ANY,
  ],
  bug: tpls([
    'Please try resetting the display: hold the power and plus buttons for 10 seconds. Let us know if that works!',
    'Thanks! Our app team reproduced it, the fix ships in {appnext}.',
    'Could you try this guide and tell us what happens? {article}',
  ]),
  refund: tpls([
    'The refund has been issued, you should see it within 3 to 5 business days.',
    'I asked our finance team to push it through today. Sorry it took this long!',
  ]),
  shipping: tpls([
    'Found it! Your order left the warehouse this morning, {carrier} should deliver by {weekday}.',
    'I escalated this to our contact at {carrier} and will update you by {weekday}.',
  ]),
  praise: tpls(['We shared your message with the whole team, it made their week.']),
  feature: tpls(['Passed it on! The product team reads every one of these.']),
  chatter: RESOLVE_ANY,
  spam: [],
}

export const DM_CLOSE: Tpl[] = tpls([
  'Glad we could help! Ride safe 🚲', "You're welcome! Don't hesitate to reach out again.",
  "Perfect, I'll close the ticket then. Have a great ride!", 'Anytime, {name}!', 'Happy riding! 💛',
  'Sorry it is still happening. I booked you a free check at our {city} partner, they will email you.',
])

/** Brand reaching out first in a DM, e.g. after a public complaint. */
export const DM_OUTREACH: Tpl[] = tpls([
  'Hi {name}, we saw your post about the {part}. Could you share your order number here so we can help?',
  'Hi {name}, {staff} from Lumen support here. Following up on ticket {ticket}: is everything working now?',
])
