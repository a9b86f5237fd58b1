/** Spanish, German, French and Japanese messages: a few people write in their own language. */
import { tpls, type Tpl } from './compose'
import type { Lang } from './slots'

export type IntlLang = Exclude<Lang, 'en'>

interface LangSet {
  inbound: Tpl[]
  reactions: Tpl[]
  brand: Tpl[]
}

export const INTL: Readonly<Record<IntlLang, LangSet>> = {
  es: {
    inbound: tpls([
      '¿El {bike} ya está disponible en {city}?',
      'Hola, ¿cuánto tarda en cargarse la batería del {bike}?',
      '¿Dónde puedo probar el {bike} en {city}?',
      'Llevo dos semanas esperando respuesta sobre mi pedido {order}. ¿Alguien me puede ayudar?',
      'El cargador de mi {bike} dejó de funcionar. Muy decepcionado.',
      'La app se cierra sola desde la última actualización.',
      '¡Me encanta mi {bike}! Lo uso todos los días en {city} {emoji}',
      'Gracias al equipo de soporte, todo resuelto en un día.',
      'Ya llevo {n}.000 km con el {bike} y sin problemas.',
      '¿Alguna novedad sobre el pedido {order}?',
      'El seguimiento de {carrier} no se actualiza desde el lunes.',
      'Hola, el display marca {err} y el motor no arranca. ¿Qué hago?',
    ]),
    reactions: tpls(['¡Qué bonita!', 'La quiero 😍', '¿Precio?', '¡Por fin!', '¿Llega a {city}?']),
    brand: tpls([
      '¡Hola {name}! Gracias por escribirnos. ¿Nos mandas un DM con tu número de pedido?',
      '¡Gracias {name}! Nos alegra mucho leer esto 💛',
      'Lo sentimos mucho, {name}. Lo revisamos ahora mismo.',
    ]),
  },
  de: {
    inbound: tpls([
      'Gibt es das {bike} auch schon in {city}?',
      'Wie lange dauert eine volle Ladung beim {bike}?',
      'Kann man den Akku vom {bike} selbst tauschen?',
      'Gibt es Probefahrten in {city}?',
      'Warte seit zwei Wochen auf eine Antwort zu Bestellung {order}. Echt enttäuschend.',
      'Das Ladegerät von meinem {bike} ist schon wieder kaputt.',
      'Seit dem Update stürzt die App ständig ab.',
      'Mein {bike} ist einfach super, fahre jeden Tag damit zur Arbeit {emoji}',
      'Danke an den Support, Problem in einem Tag gelöst!',
      'Schon {n}.000 km gefahren, läuft wie am ersten Tag.',
      'Gibt es Neuigkeiten zu meiner Bestellung {order}?',
      'Laut {carrier} zugestellt, aber hier ist nichts angekommen.',
      'Fehler {err} im Display, Motor unterstützt nicht mehr. Was tun?',
    ]),
    reactions: tpls(['Sieht super aus!', 'Will ich haben 😍', 'Preis?', 'Endlich!', 'Kommt das auch nach {city}?']),
    brand: tpls([
      'Hallo {name}, danke für deine Nachricht! Schick uns bitte eine DM mit deiner Bestellnummer.',
      'Danke {name}, das freut uns sehr! 💛',
      'Das tut uns leid, {name}. Wir schauen uns das sofort an.',
    ]),
  },
  fr: {
    inbound: tpls([
      'Est-ce que le {bike} est disponible à {city} ?',
      'Combien de temps faut-il pour charger la batterie du {bike} ?',
      'Est-il possible de faire un essai à {city} ?',
      "J'attends une réponse depuis deux semaines pour la commande {order}. Très déçu.",
      'Le chargeur de mon {bike} ne fonctionne plus.',
      "L'appli plante depuis la dernière mise à jour.",
      "J'adore mon {bike}, je le prends tous les jours à {city} {emoji}",
      'Merci au service client, problème réglé en une journée !',
      'Déjà {n} 000 km et aucun souci.',
      'Des nouvelles de ma commande {order} ?',
      "{carrier} indique livré mais je n'ai rien reçu.",
      "L'écran affiche {err} et l'assistance ne marche plus. Une idée ?",
    ]),
    reactions: tpls(['Trop beau !', 'Je veux le même 😍', 'Quel prix ?', 'Enfin !', 'Disponible à {city} ?']),
    brand: tpls([
      'Bonjour {name}, merci pour votre message ! Pouvez-vous nous envoyer votre numéro de commande en DM ?',
      'Merci {name}, ça nous fait très plaisir ! 💛',
      'Désolés pour ce souci, {name}. On regarde ça tout de suite.',
    ]),
  },
  ja: {
    inbound: tpls([
      '{bike}は{city}でも買えますか？',
      '{bike}のバッテリーはフル充電に何時間かかりますか？',
      '{city}で試乗できるお店はありますか？',
      '注文{order}について二週間前に問い合わせましたが、まだ返事がありません。がっかりです。',
      '{bike}の充電器が壊れました。買ってまだ一ヶ月なのに。',
      'アップデートしてからアプリが落ちてばかりで使えません。',
      '毎日{bike}で通勤しています。最高です {emoji}',
      'サポートの方、一日で解決してくださってありがとうございました！',
      'もう{n}000km走りましたが、故障なしです。',
      '注文{order}の発送はいつになりますか？',
      '{carrier}では配達完了になっているのに、荷物が届いていません。',
      '画面に{err}が出てモーターが動きません。どうすればいいですか？',
    ]),
    reactions: tpls(['かっこいい！', '欲しい 😍', 'お値段は？', 'ついに！', '{city}でも買えますか？']),
    brand: tpls([
      '{name}さん、ご連絡ありがとうございます。注文番号をDMで送っていただけますか？',
      '{name}さん、ありがとうございます！とても嬉しいです 💛',
      '{name}さん、ご迷惑をおかけして申し訳ありません。すぐに確認します。',
    ]),
  },
}
