// English and Japanese. The browser's language picks one; the choice can be switched and is remembered.
const messages = {
  en: {
    'app.tagline': 'Meetings in your browser, peer to peer, on your own server.',
    'landing.new': 'New meeting',
    'landing.join': 'Join',
    'landing.joinLabel': 'Room link or id',
    'landing.badRoom': 'That is not a room link or id (letters, digits, _ and -, up to 64).',
    'prejoin.title': 'Ready to join?',
    'prejoin.name': 'Your name',
    'prejoin.join': 'Join now',
    'prejoin.copy': 'Copy link',
    'prejoin.copied': 'Link copied',
    'prejoin.camera': 'Camera',
    'prejoin.microphone': 'Microphone',
    'prejoin.noDevices': 'No camera or microphone is available: you will join to watch and listen.',
    'prejoin.denied': 'Camera and microphone access was denied: you will join to watch and listen. Allow access in the address bar and reload to be seen and heard.',
    'prejoin.audioOnly': 'No camera is available: you will join with audio only.',
    'prejoin.privacy': 'Privacy mode',
    'prejoin.privacyHint': 'Others never see your IP addresses: your call always goes through our relay (may add delay).',
    'netcheck.title': 'Network check',
    'netcheck.running': 'Checking what your network allows…',
    'netcheck.ok': 'UDP works on your network: calls connect directly where they can, else through the relay.',
    'netcheck.noRelay': 'UDP works on your network, but this server offers no relay: calls with people on strict networks may fail.',
    'netcheck.viaTcp': 'Your network blocks UDP; calls will be relayed over TCP.',
    'netcheck.viaTls': 'Your network blocks UDP and most ports; calls will be relayed over TLS on port 443.',
    'netcheck.blocked': 'Neither UDP nor any relay answered from here, so calls will probably not connect. Ask your network administrator to allow UDP, or TCP to the TURN server on ports 3478 and 443. (If others on other networks see the same, the relay server itself is down.)',
    'netcheck.noServer': 'Cannot reach the Kaigi server from this network.',
    'netcheck.udp': 'UDP (direct calls)',
    'netcheck.turnUdp': 'Relay over UDP',
    'netcheck.turnTcp': 'Relay over TCP',
    'netcheck.turnTls': 'Relay over TLS (443)',
    'call.mic': 'Microphone',
    'call.camera': 'Camera',
    'call.screen': 'Share screen',
    'call.hand': 'Raise hand',
    'call.sounds': 'Sounds on join, leave and chat',
    'call.handRaised': '✋ {name} raised a hand',
    'call.pin': 'Pin to stage',
    'call.speakerView': 'Speaker view',
    'call.verify': 'Verify',
    'call.verifyTitle': 'Security code with {name}',
    'call.verifyHint': 'Read these digits aloud, on a call or in person: if {name} sees the same, nobody, not even the server, is between you. Compare them when the conversation is confidential.',
    'call.verifyPending': 'The connection is not set up yet; try again in a moment.',
    'call.close': 'Close',
    'call.output': 'Speaker',
    'call.outputDefault': 'System default',
    'call.chat': 'Chat',
    'call.people': 'People',
    'call.leave': 'Leave',
    'call.you': 'You',
    'call.send': 'Send',
    'call.message': 'Message',
    'call.joined': '{name} joined',
    'call.left': '{name} left',
    'call.reconnecting': 'Connection to the server lost; reconnecting… Your call continues.',
    'call.reconnected': 'Reconnected.',
    'call.alone': 'You are the only one here. Share the link to invite others.',
    'call.hints': 'Shortcuts: M microphone, V camera, S screen, H hand, C chat',
    'badge.direct': 'direct',
    'badge.relay': 'relay',
    'error.room-full': 'This meeting is full. Try again later or start a new meeting.',
    'error.bad-room': 'This room link is not valid. Check the link or start a new meeting.',
    'error.server-busy': 'The server is busy. Retrying…',
    'error.unreachable': 'Cannot reach the Kaigi server. Check your connection; retrying…',
    'error.credentials': 'Could not get relay credentials; calls may fail on restrictive networks.',
    'left.title': 'You left the meeting',
    'left.rejoin': 'Rejoin',
    'left.home': 'Home',
    'lang.switch': '日本語',
  },
  ja: {
    'app.tagline': 'ブラウザだけで、自分のサーバーで、ピアツーピアの会議を。',
    'landing.new': '新しい会議',
    'landing.join': '参加',
    'landing.joinLabel': '会議のリンクまたは ID',
    'landing.badRoom': '会議のリンクまたは ID ではありません（英数字・_・-、64 文字まで）。',
    'prejoin.title': '参加の準備はできましたか？',
    'prejoin.name': '名前',
    'prejoin.join': '今すぐ参加',
    'prejoin.copy': 'リンクをコピー',
    'prejoin.copied': 'リンクをコピーしました',
    'prejoin.camera': 'カメラ',
    'prejoin.microphone': 'マイク',
    'prejoin.noDevices': 'カメラもマイクもありません。視聴のみで参加します。',
    'prejoin.denied': 'カメラとマイクへのアクセスが拒否されました。視聴のみで参加します。許可するにはアドレスバーから設定して再読み込みしてください。',
    'prejoin.audioOnly': 'カメラがありません。音声のみで参加します。',
    'prejoin.privacy': 'プライバシーモード',
    'prejoin.privacyHint': '他の参加者にあなたの IP アドレスを見せません。通話は常にリレー経由になります（遅延が増えることがあります）。',
    'netcheck.title': 'ネットワークチェック',
    'netcheck.running': 'ネットワークで使える経路を確認しています…',
    'netcheck.ok': 'このネットワークでは UDP が使えます。可能なら直接、そうでなければリレー経由で接続します。',
    'netcheck.noRelay': 'このネットワークでは UDP が使えますが、このサーバーにはリレーがないため、制限の厳しいネットワークの相手とは接続できないことがあります。',
    'netcheck.viaTcp': 'このネットワークは UDP をブロックしています。通話は TCP でリレーされます。',
    'netcheck.viaTls': 'このネットワークは UDP とほとんどのポートをブロックしています。通話はポート 443 の TLS でリレーされます。',
    'netcheck.blocked': 'UDP もリレーも応答しないため、通話はおそらく接続できません。ネットワーク管理者に UDP、または TURN サーバーへの TCP（ポート 3478 と 443）の許可を依頼してください。（他のネットワークの人も同じ表示なら、リレーサーバー自体が停止しています。）',
    'netcheck.noServer': 'このネットワークから Kaigi サーバーに接続できません。',
    'netcheck.udp': 'UDP（直接通話）',
    'netcheck.turnUdp': 'UDP でのリレー',
    'netcheck.turnTcp': 'TCP でのリレー',
    'netcheck.turnTls': 'TLS（443）でのリレー',
    'call.mic': 'マイク',
    'call.camera': 'カメラ',
    'call.screen': '画面共有',
    'call.hand': '手を挙げる',
    'call.sounds': '参加・退出・チャットの通知音',
    'call.handRaised': '✋ {name} さんが手を挙げました',
    'call.pin': 'ステージに固定',
    'call.speakerView': '話者ビュー',
    'call.verify': '確認',
    'call.verifyTitle': '{name} さんとのセキュリティコード',
    'call.verifyHint': 'この数字を声に出して読み合わせてください。{name} さんの画面に同じ数字が出ていれば、サーバーを含め誰も二人の間に入っていません。内密な会話の前に確認しましょう。',
    'call.verifyPending': '接続がまだ確立していません。少し待ってからもう一度試してください。',
    'call.close': '閉じる',
    'call.output': 'スピーカー',
    'call.outputDefault': 'システムの既定',
    'call.chat': 'チャット',
    'call.people': '参加者',
    'call.leave': '退出',
    'call.you': 'あなた',
    'call.send': '送信',
    'call.message': 'メッセージ',
    'call.joined': '{name} さんが参加しました',
    'call.left': '{name} さんが退出しました',
    'call.reconnecting': 'サーバーとの接続が切れました。再接続中です… 通話は続いています。',
    'call.reconnected': '再接続しました。',
    'call.alone': '参加者はあなただけです。リンクを共有して招待しましょう。',
    'call.hints': 'ショートカット: M マイク、V カメラ、S 画面共有、H 挙手、C チャット',
    'badge.direct': '直接',
    'badge.relay': 'リレー',
    'error.room-full': 'この会議は満員です。後でもう一度試すか、新しい会議を始めてください。',
    'error.bad-room': 'この会議のリンクは無効です。リンクを確認するか、新しい会議を始めてください。',
    'error.server-busy': 'サーバーが混み合っています。再試行しています…',
    'error.unreachable': 'Kaigi サーバーに接続できません。接続を確認してください。再試行しています…',
    'error.credentials': 'リレー用の認証情報を取得できませんでした。制限の厳しいネットワークでは通話できない場合があります。',
    'left.title': '会議から退出しました',
    'left.rejoin': '再参加',
    'left.home': 'ホーム',
    'lang.switch': 'English',
  },
};

/** @param {readonly string[]} preferred browser languages, e.g. navigator.languages */
export function pickLanguage(preferred, stored) {
  if (stored && messages[stored]) return stored;
  for (const tag of preferred || []) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (messages[base]) return base;
  }
  return 'en';
}

let current = 'en';

export function setLanguage(lang) {
  current = messages[lang] ? lang : 'en';
  if (typeof document !== 'undefined') document.documentElement.lang = current;
}

export function language() {
  return current;
}

/** @param {string} key @param {Record<string,string>} [vars] */
export function t(key, vars = {}) {
  const text = messages[current][key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => vars[name] ?? '');
}

export const languages = Object.keys(messages);
export { messages };
