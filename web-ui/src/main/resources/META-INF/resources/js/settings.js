// What the pre-join screen remembers between visits (localStorage): the devices, and whether mic and camera start on.
const KEYS = {
  audioDevice: 'kaigi.audioDevice',
  videoDevice: 'kaigi.videoDevice',
  audioOn: 'kaigi.audioOn',
  videoOn: 'kaigi.videoOn',
};

/** @returns {{audioDevice?: string, videoDevice?: string, audioOn: boolean, videoOn: boolean}} */
export function loadSettings(storage = globalThis.localStorage) {
  return {
    audioDevice: storage.getItem(KEYS.audioDevice) || undefined,
    videoDevice: storage.getItem(KEYS.videoDevice) || undefined,
    audioOn: storage.getItem(KEYS.audioOn) !== '0',
    videoOn: storage.getItem(KEYS.videoOn) !== '0',
  };
}

/** @param {'audioDevice'|'videoDevice'|'audioOn'|'videoOn'} name */
export function saveSetting(name, value, storage = globalThis.localStorage) {
  if (!(name in KEYS)) throw new Error(`unknown setting ${name}`);
  storage.setItem(KEYS[name], typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
}
