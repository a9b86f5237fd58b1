/** Name material for the people pool; people.ts combines it into identities. */

export const EN_FIRST = `Emma Liam Olivia Noah Ava Ethan Mia Lucas Harper Mason Ella Logan Chloe Owen Grace Jack Zoe Leo Nora Henry
Lily Caleb Hannah Ryan Sam Alex Jordan Taylor Casey Riley Morgan Jamie Priya Arjun Aisha Omar Kofi Ngozi Mateo Nadia Yusuf
Layla Tariq Deepa Ravi Anika Marcus Keisha Darnell Imani Siobhan Niamh Callum Eilidh Rhys Bronwyn Ingrid Lars Freya Sven
Astrid Pieter Sanne Joost Femke Tom Kate Ben Sarah Dan Rachel Chris Laura Mike Jess Andy Claire Rob Helen Pete Lucy Matt
Anna Nick Ellie Joe Megan Will Amy Kevin Beth Ahmed Fatima Hassan Zainab Ines Wiktor Agnieszka Piotr Mei Kenji Dev Rohan
Sunita Tomasz Ola Erik Mats Anneke Bram Ruth Felix Iris Hugo Vera Theo Maeve Oisin Kai Rowan Sage Quinn Ash Robin`

export const EN_LAST = `Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson
White Harris Clark Lewis Walker Hall Young King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter
Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers Patel Khan Singh Nguyen Okafor Mensah O'Brien
Kowalski Novak Lindqvist Andersen de_Vries van_Dijk Jansen Bakker Visser Hughes Byrne Kelly Walsh Fraser MacLeod Reid Shah
Ali Chowdhury Kapoor Ito Park Chen Lin Wong Tran Santos Silva Costa Haddad Yilmaz Petrov Horvat Nielsen Berg Holm Dahl
Fischer Lambert Ross Foster Gray Bell Ward Cox Price Bennett Wood Barnes Fox Hunt Lane Marsh Burke Doyle Quinn`

export const ES_FIRST = `José María Lucía Sofía Alejandro Javier Andrés Martín Valentina Camila Diego Pilar Íñigo Begoña Álvaro Ramón
Carmen Nuria Pablo Sergio Marta Elena Raúl Inés Jorge Rocío Adrián Irene Gonzalo Ainhoa`

export const ES_LAST = `García Pérez Núñez Fernández López Martínez Sánchez Gómez Díaz Ruiz Ortega Muñoz Jiménez Castaño Romero
Navarro Torres Domínguez Vázquez Ramos Gil Serrano Blanco Molina Morales Suárez Ortiz Delgado Castro Rubio`

export const DE_FIRST = `Jürgen Lena Björn Jörg Käthe Lukas Anna Felix Marie Jonas Sophie Maximilian Frieda Uwe Dörte Götz Hannah Leon
Paul Mia Emil Greta Tobias Katrin Stefan Sabine Florian Anja Moritz Jana`

export const DE_LAST = `Müller Schröder Groß Weiß Köhler Fischer Schneider Wagner Becker Hoffmann Schäfer Krüger Vogel Richter Wolf
Neumann Schwarz Zimmermann Braun Hartmann Lange Krause Lehmann Maier Huber Kaiser Fuchs Peters Scholz Möller`

export const FR_FIRST = `Amélie François Zoé Léa Chloé Théo Hélène Jérôme Noémie Étienne Gaëlle Loïc Mathis Camille Inès Benoît Manon
Lucas Juliette Hugo Clément Margaux Antoine Céline Romain Élise Maxime Aurélie Quentin Solène`

export const FR_LAST = `Lefèvre Dubois Moreau Laurent Girard Bonnet Mercier Rousseau Fontaine Chevalier Lemaître Garnier Durand Bézier
Faure André Roux Blanc Guérin Muller Henry Roussel Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fournier`

/** CJK display names with the romanised handle their owner picked and the name the brand uses. */
export const CJK: ReadonlyArray<readonly [display: string, handle: string, first: string]> = [
  ['田中 陽菜', 'hina_tanaka', 'Hina'], ['佐藤 健', 'kensato', 'Ken'], ['鈴木 美咲', 'misaki_s', 'Misaki'],
  ['山本 翔', 'sho_yamamoto', 'Sho'], ['高橋 蓮', 'ren_takahashi', 'Ren'], ['伊藤 さくら', 'sakura_ito', 'Sakura'],
  ['王芳', 'wangfang', 'Fang'], ['李伟', 'liwei_rides', 'Wei'], ['陈静', 'chenjing', 'Jing'], ['张伟', 'zhangwei88', 'Wei'],
  ['林美玲', 'meiling_lin', 'Mei-Ling'], ['黄志明', 'chiming', 'Chi-Ming'], ['김민준', 'minjun_kim', 'Minjun'],
  ['이서연', 'seoyeon_lee', 'Seoyeon'], ['박지훈', 'jihoon_p', 'Jihoon'], ['최유나', 'yuna_choi', 'Yuna'],
  ['小林 大輔 🚲', 'daisuke_k', 'Daisuke'], ['中村 彩', 'aya_nakamura', 'Aya'], ['劉怡君', 'yichun_liu', 'Yi-Chun'],
  ['정하늘', 'haneul_j', 'Haneul'],
]

/** People who go by a nickname only: display name, handle. */
export const NICKS: ReadonlyArray<readonly [display: string, handle: string]> = [
  ['CargoDad', 'cargodad'], ['bike lane barb', 'bikelanebarb'], ['The Grumpy Commuter', 'grumpycommuter'],
  ['Spokes and Pine', 'spokesandpine'], ['Hill Hater', 'hillhater'], ['Velo Vixen', 'velovixen'], ['pedal pusher', 'pedalpusher'],
  ['Rainy Day Rider', 'rainydayrider'], ['tinkerer', 'tinkerer42'], ['Night Owl Cyclist', 'nightowlcyclist'],
  ['Two Wheels Good', 'twowheelsgood'], ['the cycling librarian', 'cyclinglibrarian'], ['Coffee and Cadence', 'coffeecadence'],
  ['Dad Watts', 'dadwatts'], ['Commute Diaries', 'commutediaries'], ['Gravel Gran', 'gravelgran'], ['Mx. Wheelie', 'mxwheelie'],
  ['Urban Ranger', 'urbanranger'], ['E-Bike Ellie', 'ebikeellie'], ['sprocket', 'sprocket_rocket'],
]

export const DECORATIONS = [
  '{} 🚲', '{} ✨', '{} (she/her)', '{} (he/him)', '{} (they/them)', '{} :blobcat:', '🌿 {}', '{} 🏳️‍🌈', '{} | bike commuter',
  '{} 🇪🇺', '{} 🌻', '{} 🚴‍♀️', '{} :ebike:', '{} ⚡',
]

export const INSTANCES: Readonly<Record<'en' | 'es' | 'de' | 'fr' | 'ja', readonly string[]>> = {
  en: ['mastodon.social', 'mastodon.social', 'mastodon.social', 'fosstodon.org', 'hachyderm.io', 'mas.to', 'mastodon.online', 'toot.cafe', 'mstdn.social', 'mastodon.scot', 'aus.social', 'mastodon.ie', 'techhub.social', 'mastodon.nl'],
  es: ['masto.es', 'mastodon.social', 'mastodon.uy', 'mastodon.online'],
  de: ['chaos.social', 'norden.social', 'det.social', 'mastodon.social', 'troet.cafe'],
  fr: ['piaille.fr', 'mamot.fr', 'mastodon.social', 'mastodon.online'],
  ja: ['mstdn.jp', 'mastodon-japan.net', 'mastodon.social'],
}

/** Spam accounts: display name, handle stem. */
export const SPAMMERS: ReadonlyArray<readonly [display: string, stem: string]> = [
  ['Lumen Bikes Giveaway 🎁', 'lumen_giveaway'], ['Crypto Daily 🚀', 'crypto_daily'], ['Sarah | Forex Mentor', 'sarah_fx'],
  ['Official Promo', 'promo_official'], ['Earn From Home 💰', 'earn_from_home'], ['NFT Drops', 'nftdrops'],
  ['Follower Boost', 'followerboost'], ['E-Bike Outlet', 'ebike_outlet'], ['Jessica 💕', 'jessica'], ['Support Team', 'support_help_desk'],
]
