import { newRoomId, roomIdFrom } from '../roomid.js';
import { t } from '../i18n.js';
import { h } from './dom.js';

export function renderLanding(root) {
  const input = h('input', { id: 'join-room', type: 'text', autocomplete: 'off', spellcheck: false,
    placeholder: 'https://…/r/…' });
  const problem = h('p', { class: 'problem', role: 'alert' });
  const join = (event) => {
    event.preventDefault();
    const room = roomIdFrom(input.value);
    if (!room) {
      problem.textContent = t('landing.badRoom');
      input.focus();
      return;
    }
    location.assign(`/r/${encodeURIComponent(room)}`);
  };
  root.replaceChildren(h('section', { class: 'card landing' },
    h('h1', {}, 'Kaigi ', h('span', { lang: 'ja' }, '会議')),
    h('p', { class: 'tagline' }, t('app.tagline')),
    h('button', { id: 'new-meeting', class: 'primary', onclick: () => location.assign(`/r/${newRoomId()}`) },
      t('landing.new')),
    h('form', { class: 'join-form', onsubmit: join },
      h('label', { for: 'join-room' }, t('landing.joinLabel')),
      h('div', { class: 'row' }, input, h('button', { type: 'submit' }, t('landing.join')))),
    problem));
}
