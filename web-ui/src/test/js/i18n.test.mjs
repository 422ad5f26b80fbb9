import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messages, pickLanguage, setLanguage, t } from '../../main/resources/META-INF/resources/js/i18n.js';

test('browser language picks Japanese or English; a stored choice wins', () => {
  assert.equal(pickLanguage(['ja-JP', 'en-US']), 'ja');
  assert.equal(pickLanguage(['fr-FR', 'en-GB']), 'en');
  assert.equal(pickLanguage(['de']), 'en');
  assert.equal(pickLanguage(['ja'], 'en'), 'en');
});

test('both languages translate every key', () => {
  assert.deepEqual(Object.keys(messages.ja).sort(), Object.keys(messages.en).sort());
});

test('placeholders are filled', () => {
  setLanguage('en');
  assert.equal(t('call.joined', { name: 'Aiko' }), 'Aiko joined');
  setLanguage('ja');
  assert.equal(t('call.joined', { name: 'Aiko' }), 'Aiko さんが参加しました');
});
