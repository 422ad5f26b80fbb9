// Local devices: camera and microphone with graceful fallbacks, mute, device switching, screen share.

/**
 * Asks for camera and microphone; falls back to audio only, then to receive-only.
 * @returns {Promise<{stream: MediaStream, notice: string|null}>} notice is an i18n key or null
 */
export async function openLocalMedia({ audioDeviceId, videoDeviceId } = {}) {
  const audio = audioDeviceId ? { deviceId: { exact: audioDeviceId } } : true;
  const video = videoDeviceId ? { deviceId: { exact: videoDeviceId } } : { width: { ideal: 1280 }, height: { ideal: 720 } };
  if (!navigator.mediaDevices?.getUserMedia) return { stream: new MediaStream(), notice: 'prejoin.noDevices' };
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ audio, video }), notice: null };
  } catch (error) {
    if (error.name === 'NotAllowedError' || error.name === 'SecurityError') {
      return { stream: new MediaStream(), notice: 'prejoin.denied' };
    }
  }
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ audio, video: false }), notice: 'prejoin.audioOnly' };
  } catch {
    return { stream: new MediaStream(), notice: 'prejoin.noDevices' };
  }
}

/** @returns {Promise<{audio: MediaDeviceInfo[], video: MediaDeviceInfo[]}>} */
export async function listDevices() {
  const devices = navigator.mediaDevices?.enumerateDevices ? await navigator.mediaDevices.enumerateDevices() : [];
  return {
    audio: devices.filter((d) => d.kind === 'audioinput'),
    video: devices.filter((d) => d.kind === 'videoinput'),
  };
}

export function setEnabled(stream, kind, enabled) {
  for (const track of stream.getTracks()) if (track.kind === kind) track.enabled = enabled;
}

export function hasTrack(stream, kind) {
  return stream.getTracks().some((t) => t.kind === kind);
}

/** @returns {Promise<MediaStreamTrack|null>} a screen track, or null when the user cancelled */
export async function openScreen() {
  try {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 15 }, audio: false });
    const [track] = stream.getVideoTracks();
    if (track) track.contentHint = 'detail';
    return track || null;
  } catch {
    return null;
  }
}

/**
 * Calls back with the current audio level (0..1) of a stream, for the active-speaker highlight.
 * @returns {() => void} stop
 */
export function watchLevel(stream, onLevel) {
  if (!stream.getAudioTracks().length || typeof AudioContext === 'undefined') return () => {};
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Uint8Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getByteTimeDomainData(samples);
    let sum = 0;
    for (const v of samples) sum += ((v - 128) / 128) ** 2;
    onLevel(Math.sqrt(sum / samples.length));
  }, 250);
  return () => {
    clearInterval(timer);
    context.close();
  };
}
