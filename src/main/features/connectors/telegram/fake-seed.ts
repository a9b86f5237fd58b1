// Test infrastructure: the default story of the fake Bot API (brand "Lumen Bikes", bot @lumenbikes_bot).
import type { TelegramFake } from './fake-server'

const HOUR = 3_600_000

/** A day of traffic: questions and a mention in the riders' supergroup, a reply to the bot, spam, a channel post, DMs and an edit. */
export function seedStory(f: TelegramFake): void {
  const at = (hoursAgo: number): number => Date.now() - hoursAgo * HOUR
  const { riders, news } = f.chats
  const { ines, juergen, hanako, zed } = f.people
  const launch = f.post({ chat: news, text: 'The Commuter 3 is here: 90 km of range and a belt drive. Questions? Ask in @lumenriders.', at: at(20) })
  void launch
  const q = f.post({ chat: riders, from: ines, text: 'Does the Commuter 3 fit a child seat on the rear rack?', at: at(10) })
  const mention = '@lumenbikes_bot'
  f.post({ chat: riders, from: juergen, text: `${mention} when do the winter tyres ship?`, entities: [{ type: 'mention', offset: 0, length: mention.length }], at: at(8) })
  f.post({ chat: riders, from: hanako, text: '同じ質問です！', replyTo: q.message_id, at: at(7) })
  f.post({ chat: riders, from: zed, text: 'Cheap watches!!! https://spam.example/watches', at: at(5) })
  f.dm(ines, 'Hi! My order #4411 has not shipped yet. Can you check?')
  const typo = f.post({ chat: riders, from: juergen, text: 'Battery lasts 60km in the cold', at: at(2) })
  f.edit(riders.id, typo.message_id, 'Battery lasts 60 km in the cold, for what it is worth')
}
