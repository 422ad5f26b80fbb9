// The lobby as participants see it: one Admit/Decline prompt per newcomer knocking at the locked room.
import { t } from '../i18n.js';
import { h } from './dom.js';

export class KnockPrompts {
  /** @param {(knockId: string, admit: boolean) => void} onAnswer whoever answers first decides for everyone */
  constructor(onAnswer) {
    this.onAnswer = onAnswer;
    this.prompts = new Map();
    this.element = h('section', { class: 'knocks', id: 'knocks', 'aria-label': t('call.knocks'), 'aria-live': 'polite' });
  }

  /** @returns {boolean} whether the prompt is new */
  add(knockId, name) {
    if (this.prompts.has(knockId)) return false;
    const answer = (admit) => () => this.onAnswer(knockId, admit);
    const prompt = h('div', { class: 'knock', 'data-knock': knockId, role: 'group' },
      h('span', {}, t('call.knock', { name })),
      h('button', { class: 'primary admit', onclick: answer(true) }, t('call.admit')),
      h('button', { class: 'decline', onclick: answer(false) }, t('call.decline')));
    this.prompts.set(knockId, prompt);
    this.element.append(prompt);
    return true;
  }

  remove(knockId) {
    this.prompts.get(knockId)?.remove();
    this.prompts.delete(knockId);
  }

  /** After a welcome: the lobby it lists replaces what was shown. */
  replaceAll(lobby) {
    for (const knockId of [...this.prompts.keys()]) this.remove(knockId);
    for (const { knockId, name } of lobby) this.add(knockId, name);
  }
}
