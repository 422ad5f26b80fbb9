// What Kaigi remembers between visits (localStorage): the name, the devices, whether mic and camera start on,
// privacy mode, the chimes and the speaker.
const KEYS = {
  audioDevice: 'kaigi.audioDevice',
  videoDevice: 'kaigi.videoDevice',
  audioOn: 'kaigi.audioOn',
  videoOn: 'kaigi.videoOn',
  name: 'kaigi.name',
  privacy: 'kaigi.privacy',
  sounds: 'kaigi.sounds',
  output: 'kaigi.output',
};

function keyOf(name) {
  if (!(name in KEYS)) throw new Error(`unknown setting ${name}`);
  return KEYS[name];
}

/** @returns {{audioDevice?: string, videoDevice?: string, audioOn: boolean, videoOn: boolean}} */
export function loadSettings(storage = globalThis.localStorage) {
  return {
    audioDevice: storage.getItem(KEYS.audioDevice) || undefined,
    videoDevice: storage.getItem(KEYS.videoDevice) || undefined,
    audioOn: storage.getItem(KEYS.audioOn) !== '0',
    videoOn: storage.getItem(KEYS.videoOn) !== '0',
  };
}

/** A remembered text setting ('name', 'output', a device), '' when never set. */
export function rememberedText(name, storage = globalThis.localStorage) {
  return storage.getItem(keyOf(name)) || '';
}

/** A remembered switch ('privacy', 'sounds', …); {@code whenUnset} on a first visit. */
export function rememberedSwitch(name, whenUnset, storage = globalThis.localStorage) {
  const value = storage.getItem(keyOf(name));
  return value === null ? whenUnset : value !== '0';
}

/** @param {keyof KEYS} name booleans are stored as '1'/'0' */
export function saveSetting(name, value, storage = globalThis.localStorage) {
  storage.setItem(keyOf(name), typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
}
