// The "verify" dialog: the security code of one connection, and one line on when to compare it.
import { t } from '../i18n.js';
import { h } from './dom.js';

export class SecurityCodeDialog {
  /** @param {(peerId: string) => Promise<string>} codeOf */
  constructor(codeOf) {
    this.codeOf = codeOf;
    this.element = h('dialog', { id: 'verify-dialog', class: 'dialog' });
  }

  async show(peerId, name) {
    let code = null;
    try {
      code = await this.codeOf(peerId);
    } catch (error) {
      console.info('kaigi: no security code yet', error); // the connection has no descriptions yet
    }
    this.element.replaceChildren(h('h2', {}, t('call.verifyTitle', { name })),
      code ? h('p', { class: 'security-code', id: 'security-code', 'data-peer': peerId }, code)
        : h('p', { class: 'notice' }, t('call.verifyPending')),
      h('p', { class: 'hint' }, t('call.verifyHint', { name })),
      h('form', { method: 'dialog' }, h('button', { class: 'primary', id: 'verify-close' }, t('call.close'))));
    if (!this.element.open) this.element.showModal();
  }
}
