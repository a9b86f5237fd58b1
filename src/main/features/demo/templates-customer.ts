/**
 * What customers write, in English, by intent. Slots in {braces} are filled
 * from slots.ts; a message is usually greeting? + core + detail? + closing?.
 */
import { tpls, type Tpl } from './compose'

export type Intent = 'question' | 'complaint' | 'praise' | 'bug' | 'refund' | 'shipping' | 'feature' | 'spam' | 'chatter'

export const CORE: Readonly<Record<Intent, Tpl[]>> = {
  question: tpls([
    'Does the {product} work with the {accessory}?',
    'How long does a full charge take on the {bike}?',
    'Is the {product} available in {city} yet?',
    "What's the real-world range of the {bike} in winter? Thinking about a {km} km round trip.",
    'Can I ride the {bike} in heavy rain or should I avoid it?',
    'Quick question: where do I find the frame number on the {bike}?',
    'Does anyone know if the {bike} fits on a standard car rack?',
    'Is there a way to lock the motor from {app}?',
    'Will firmware {fw} come to the {bike} too?',
    "What's the max rider weight on the {bike}? Asking for a friend (it's me).",
    'Can I buy a second battery for the {bike} and swap it myself?',
    'Do you have test rides in {city}?',
    'Is the warranty transferable if I buy a used {bike}?',
    'How often should the {bike} get a service?',
    'Are spare parts sold separately? Looking for {part2} for the {bike}.',
    'Which tyre pressure do you recommend for the {bike}?',
    'Can the {bike} take a child seat on the rear rack?',
    'Do you ship to {country}?',
    'Where can I get the {bike} serviced near {city}?',
    'Does {app} still support older phones? It keeps crashing on my {phone}.',
    'What does {err} mean on the display?',
    'Is it normal that the {part} gets warm while charging?',
    'is the black {bike} back in stock anytime soon?',
    'How loud is the motor on the {bike} compared to the first generation?',
    'Can I use the {bike} charger with a Trail X battery?',
    "What's the difference between the {bike} and the {competitor} one at the same price?",
    'Is {price} the final price or does shipping come on top?',
    'Any plans for financing in {country}?',
    'Can I pause the subscription for GPS tracking over winter?',
    'Do I need to register the bike somewhere for the warranty to count?',
    'Is the {accessory} compatible with the older models?',
    'how do i turn off the beeping when the bike wakes up',
    'Can you recommend a good lock for the {bike}? Mine is locked outside in {city} all day.',
    'Does the {bike} come fully assembled?',
    'What size frame would you recommend for someone 1.68 m tall?',
  ]),
  complaint: tpls([
    "My {bike} has been at the shop for {period} now and nobody can tell me when I'll get it back.",
    'Three emails, zero answers. Is anyone actually reading support tickets?',
    "The {part} on my {bike} {issue}. Not what I expect from a {price} bike.",
    'Really disappointed. {period} with the {bike} and the {part} already {issue}.',
    'Your support chat closed on me twice today. Ticket {ticket}, still waiting.',
    'Why does every update break something? Now {app} {appissue}.',
    'Paid for express shipping and got a delivery date {period} out. Not cool.',
    "Second {part} in {n} months. Starting to regret this purchase.",
    "The dealer in {city} says they can't get parts for the {bike}. What's going on?",
    'Customer service used to be great, what happened?',
    'Was promised a callback on {weekday}. Still nothing.',
    'I love the bike but the {part} situation is a joke.',
    'bike is great, support is not. been waiting {period} for a reply',
    'Your website says in stock, your email says six weeks. Which is it?',
    'The saddle on the {bike} is way too hard for anything over {km} km.',
    'Honestly expected better. The {part} {issue} and I ride maybe {km} km a week.',
    'Been on hold for 40 minutes. This is ridiculous.',
    'Why is there no phone number anywhere on your site?',
    'Not happy. Picked up my {bike} from service and the {part} {issue} again.',
    "Third time I'm asking: where is my order {order}?",
    'Seriously considering switching to {competitor} after this.',
    'The replacement {part} you sent is the wrong one.',
  ]),
  praise: tpls([
    'Just hit {n},000 km on my {bike}. Still rides like new! {emoji}',
    'Shoutout to {staff} from support who sorted out my {part} in one afternoon.',
    "Commuting by {bike} through {city} every day and I honestly don't miss the car.",
    "Best purchase I made this year. The {bike} handles hills like they aren't there.",
    'Took the {bike} on a {km} km ride today and still had {pct}% battery left.',
    'The new {app} update is so much better, thank you!',
    'Got my {bike} yesterday. Assembly took 15 minutes. Already in love.',
    'My kid calls my {bike} the spaceship {emoji}',
    "Rode to work in the rain all week and the {bike} didn't care at all.",
    "Lumen support replaced my {part} without any fuss. That's how it's done.",
    'Ten months in, zero problems. Highly recommend the {bike}.',
    'Love seeing so many Lumens around {city} lately!',
    'The {bike} is such a nice ride',
    'the integrated lights on the {bike} are sooo good on dark mornings',
    'Sold my car last {season}. The {bike} does everything it did, minus the parking tickets.',
    'Whoever designed the kickstand on the {bike}: thank you.',
    'Fastest support reply I have ever had from any company. Well done!',
    'Picked up groceries for the whole week with the {bike} today {emoji}',
    'I was skeptical about e-bikes but the {bike} converted me.',
    'Dropped my {bike} off for its first service in {city}, super friendly people.',
  ]),
  bug: tpls([
    'Bug report: {app} {appissue} since updating to {appver}. Phone: {phone}.',
    'After firmware {fw} the display shows {err} every time I start the {bike}.',
    "The ride stats in {app} say {km} km but I only did {n}. Something's off.",
    'Found a bug: if you lock the bike in the app while it is charging, the status light keeps blinking.',
    'Bluetooth pairing fails on my {phone} with {app} {appver}. Already tried reinstalling.',
    "Battery percentage in the app and on the display don't match. App says {pct}%, display says way less.",
    '{app} crashes when I open the map tab. Version {appver}.',
    'The auto-light setting resets every time the {bike} wakes up.',
    "Error {err} after the last update, and the bike won't assist above 15 km/h.",
    'Push notifications for the alarm stopped working after {appver}.',
    'The widget shows the battery level from yesterday and never refreshes.',
    'Firmware update got stuck at {pct}% and now the display is blank.',
    'Since {fw} the assist kicks in about a second late from a standstill. Noticeable at traffic lights.',
    'App shows my {bike} as offline even when I am sitting on it.',
  ]),
  refund: tpls([
    "I returned my {bike} {period} ago and still haven't seen the refund. Order {order}.",
    "How do I get a refund for the {accessory}? It doesn't fit.",
    'I was charged twice for order {order}. Please refund the duplicate.',
    'Cancelled order {order} within the 14 days, when do I get my money back?',
    'Want to return the {accessory}, never used it. What is the process?',
    'The refund for {order} says processed but my bank shows nothing.',
    'Can I get a partial refund? The box came without the {part2}.',
    'Returned the {accessory} {period} ago. Any news on the refund?',
    'If I return the {bike} within 30 days, do I pay for the pickup?',
  ]),
  shipping: tpls([
    "Any update on order {order}? Tracking hasn't moved since {weekday}.",
    "{carrier} says delivered but there's no bike here.",
    'When will the {bike} ship to {city}? Preordered {period} ago.',
    "Order {order} has been 'processing' for {period}. Is that normal?",
    'Box arrived with a big hole in it. Bike seems fine but the {part} is scratched.',
    'Can I change the delivery address for {order}? Moving next week.',
    'Can I pick up my order at the {city} store instead?',
    'Tracking says out for delivery for the third day in a row lol',
    "Do you ship spare batteries to {country}? {carrier} won't take them apparently.",
    'Still no shipping confirmation for {order}, ordered {period} ago.',
    'Delivery window says {weekday} 8:00 to 18:00. Any way to narrow that down?',
  ]),
  feature: tpls([
    'Would love {feature}.',
    'Feature request: {feature}. Please!',
    'Any chance of {feature}? Would make my commute so much easier.',
    'Please consider {feature} for the next {app} update.',
    '{feature} when?',
    'Only thing missing on the {bike} is {feature}.',
    'Dear Lumen, my one wish for this year: {feature}.',
    'Is {feature} on the roadmap at all?',
  ]),
  spam: tpls([
    '🚀 Turn 100 dollars into 5,000 in a week with our AI crypto bot. DM for details!',
    'Congratulations! You have been selected for our e-bike giveaway 🎁 Claim here: {spamlink}',
    'Earn passive income from home 💰💰 check my bio',
    'FREE {bike} GIVEAWAY!! Follow and repost, winners announced soon {spamlink}',
    'Hi dear, I am interested in your business, kindly DM me',
    'Get 10k followers in 24 hours, cheapest prices {spamlink}',
    'Lumen Bikes official giveaway 🔥 only today: {spamlink}',
    'Your account will be suspended unless you verify here {spamlink}',
    '💎 New token presale live 💎 100x guaranteed {spamlink}',
    'Nice post! Check out my page for amazing crypto signals 📈',
    '90% OFF all e-bikes today only {spamlink}',
    'I made 3 BTC last month trading from my phone, ask me how 👇',
    'Promote your brand to 2M followers, DM for rates',
  ]),
  chatter: tpls([
    'Saw a {bike} in {city} {when} and it looked great.',
    'Anyone else riding a {bike} in {city}? Would love to join a group ride.',
    'Day {n} of commuting by {bike}. Legs are fine, motor does the work 😅',
    'The {bike} in the {season} sun is a mood {emoji}',
    'Thinking about getting a {bike}. Convince me.',
    '{competitor} or Lumen? I keep going back and forth.',
    'Just ordered a {bike}! {emoji}',
    'Officially a two-Lumen household now.',
    'Took the {bike} to the {season} market {when}, fit two crates of apples.',
    'New bike day! {bike} in green.',
  ]),
}

/** Short reactions under a brand post. */
export const REACTIONS: Tpl[] = tpls([
  'Love this!', 'Nice!', '🔥🔥🔥', 'Want one.', "When's it coming to {city}?", 'Price?', 'Take my money', 'Finally!',
  'Need this in green', 'so clean', 'Yes please {emoji}', 'Where was this photo taken?', 'Gorgeous shot', 'Sign me up',
  'Same question here', 'following', '+1', 'This is great news', 'Looks amazing {emoji}', 'Is this for all models?',
  "Can't wait to try it", 'About time!', 'Will there be one in {city}?', 'Wow', 'Beautiful bike.', 'Count me in!',
  'Any discount for existing owners?', 'How much does it cost?', 'Saving this for later', 'My {bike} approves',
])

/** Other customers replying to a commenter: to a problem, or to anything else. */
export const PEER_REPLIES: Readonly<Record<'issue' | 'general', Tpl[]>> = {
  issue: tpls([
    'Same issue here, {period} and counting.',
    'Did you try holding the power button for 10 seconds? Fixed it for me.',
    'Mine does that too since {fw}.',
    'I had the same and they replaced the {part} under warranty.',
    'Check the connector under the battery, mine was loose.',
    'lol same',
    'Try the beta of {app}, that bug is gone there.',
    'Happened to me too. Email support with photos, they were quick.',
    "Don't buy from third-party shops, warranty gets messy.",
    'Which firmware are you on?',
    'Had {carrier} do the same to me. Took a week to sort out.',
    'Following, same problem.',
  ]),
  general: tpls([
    'Agreed, {staff} in support is great.',
    'lol same',
    "It's worth it, I've done {n},000 km on mine.",
    'The {city} store let me test ride without booking.',
    'Honestly mine has been flawless for {n} years.',
    'Same! Love mine.',
    'I get about {km} km in winter, more in summer.',
    'Go for it, you will not regret it.',
    '+1 to this',
    'Following, I want to know too.',
  ]),
}

export const GREETINGS: Tpl[] = tpls([
  'Hi!', 'Hey Lumen team,', 'Hello,', 'Hi there,', 'Good morning!', 'Hey folks,', 'Quick one:', 'Hiya,', 'Hi Lumen,', 'Hello team,',
])

export const CLOSINGS: Tpl[] = tpls([
  'Thanks!', 'Thanks in advance.', 'Cheers', 'Any help appreciated.', 'Thank you 🙏', 'Appreciate it!', 'Thx', 'Cheers, {name}',
  'Thanks, {name}', 'Would love an answer.', 'Help!', 'Please advise.',
])

/** Extra sentences that fit after a core message of the matching intent. */
export const DETAILS: Readonly<Record<'question' | 'issue' | 'order', Tpl[]>> = {
  question: tpls([
    'Bought it in {city} last {season}.', 'I ride about {km} km a day.', "Couldn't find it on the support site.",
    'Checked the manual but it is not clear.', 'Mostly city riding, some hills.', 'Trying to decide before the weekend.',
  ]),
  issue: tpls([
    'Already tried turning it off and on again.', 'I have photos if that helps.', 'Reset the app twice already.',
    "The shop in {city} couldn't figure it out either.", 'This is the second time this happened.',
    'It only happens when it is cold outside.', 'Bike is about {n} months old.', 'Firmware is {fw}, app {appver}.',
    'Video here: {photo}',
  ]),
  order: tpls([
    'Order number is {order}.', 'Ticket {ticket} if that helps.', 'Paid by card.', "The {carrier} tracking just says 'in transit'.",
    'I need it before the {season} holidays.',
  ]),
}

/** Customer turns later in a DM, after the brand asked for details. */
export const DM_INFO: Tpl[] = tpls([
  'Order number is {order}.', "Sure, it's {order}. Bought it in {city}.", 'On my {phone}, app version {appver}.',
  'Here is a photo: {photo}', 'I already sent it by email on {weekday}, ticket {ticket}.', 'Frame number is LMN{n}0{n}4{n}7.',
  'Order {order}, delivered to {city}.', 'The display says {err}. Photo: {photo}', '{order}. Thanks for looking into it.',
])

/** A customer answering the brand's public reply. */
export const PUBLIC_AFTER: Tpl[] = tpls([
  'Thanks!', 'Appreciate the quick reply 🙏', 'DM sent.', 'Ok, sent you a DM.', 'Thanks, will do.', 'Still waiting for that DM...', '👍',
  'Thank you, {staff}!', 'Great to hear, thanks.', 'Done, check your DMs.',
])

export const DM_AFTER: Tpl[] = tpls([
  'Thanks, that worked!', 'Still the same unfortunately.', 'Ok, will try that tonight.', 'Great, thanks {staff}!', 'Any update?',
  'Thank you so much, really appreciate it 🙏', 'ok', 'Perfect, thanks.', 'Hmm, no change. What now?', 'Got the email, thanks!',
  'That fixed it. You are the best.', 'Any news? It has been a few days.', 'Sounds good 👍',
])
