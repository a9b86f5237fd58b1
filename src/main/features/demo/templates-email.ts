/** The support mailbox: subjects, openings, sign-offs and the files people attach. */
import { tpls, type Tpl } from './compose'
import type { Intent } from './templates-customer'

export const EMAIL_SUBJECTS: Readonly<Record<Intent, Tpl[]>> = {
  question: tpls(['Question about the {bike}', 'Range of the {product}', 'Test ride in {city}?', 'Spare battery for my {bike}', 'Service interval']),
  complaint: tpls(['Very disappointed with my {bike}', 'Complaint: order {order}', 'Still no answer about my {part}', 'Repair taking too long']),
  praise: tpls(['Thank you!', 'Great service in {city}', 'One year with my {bike}']),
  bug: tpls(['{bike} {part} problem', 'Error {err} on my {bike}', 'App {appver} keeps crashing', 'Firmware {fw} issue']),
  refund: tpls(['Refund for order {order}', 'Return request {order}', 'Charged twice for {order}']),
  shipping: tpls(['Where is my order {order}?', 'Delivery of {order}', 'Order {order}: wrong address', 'Shipping to {country}']),
  feature: tpls(['Suggestion for the {bike}', 'Feature request: {feature}']),
  spam: tpls(['Partnership opportunity', 'Increase your sales by 300%', 'Invoice overdue - action required']),
  chatter: tpls(['Photos from our trip', 'Hello from {city}']),
}

export const OPENINGS: Tpl[] = tpls(['Hello,', 'Hi,', 'Hi Lumen team,', 'Dear Lumen Bikes support,', 'Good morning,', 'Hello Lumen Bikes,'])

export const SIGN_OFFS: Tpl[] = tpls(['Thanks,', 'Best,', 'Kind regards,', 'Cheers,', 'Thank you in advance,', 'Best regards,'])

export const BRAND_SIGN_OFFS: Tpl[] = tpls(['Best regards,', 'Kind regards,', 'All the best,', 'Happy riding,'])

export const WEEKDAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
export const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
