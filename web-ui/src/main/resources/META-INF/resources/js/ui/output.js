// Which speaker plays the others' voices: only where the browser can route audio (setSinkId); remembered.
import { icon } from '../icons.js';
import { t } from '../i18n.js';
import { h } from './dom.js';
import { rememberedText, saveSetting } from '../settings.js';

export class OutputPicker {
  /** @param {() => Iterable<HTMLMediaElement>} players the media elements of the remote participants */
  constructor(players) {
    this.players = players;
    this.device = rememberedText('output');
    this.select = h('select', { id: 'output-select', 'aria-label': t('call.output'),
      onchange: () => this.choose(this.select.value) });
    this.element = h('label', { class: 'output', hidden: !('setSinkId' in HTMLMediaElement.prototype) },
      icon('speaker'), t('call.output'), this.select);
    this.list();
  }

  async list() {
    if (this.element.hidden || !navigator.mediaDevices?.enumerateDevices) return;
    const outputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audiooutput');
    this.select.replaceChildren(h('option', { value: '' }, t('call.outputDefault')),
      ...outputs.filter((d) => d.deviceId && d.deviceId !== 'default')
        .map((d) => h('option', { value: d.deviceId, selected: d.deviceId === this.device }, d.label || d.deviceId)));
  }

  async choose(deviceId) {
    this.device = deviceId;
    saveSetting('output', deviceId);
    for (const player of this.players()) await this.apply(player);
  }

  /** A new remote participant's player follows the choice too. */
  async apply(player) {
    if (this.device) await player.setSinkId?.(this.device).catch((e) => console.warn('setSinkId', e));
    else if (player.sinkId) await player.setSinkId?.('').catch((e) => console.warn('setSinkId', e));
  }
}
