import { describe, expect, it } from 'vitest';
import { leaves } from './dictionary';
import { en } from './en';
import { initialLanguage } from './language';
import { zh } from './zh';

describe('dictionaries', () => {
  const english = leaves(en);
  const chinese = leaves(zh);

  it('have exactly the same keys', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('have no empty text', () => {
    for (const [key, text] of [...english, ...chinese]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    for (const [key, text] of english) {
      expect(placeholders(chinese.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('choose the stored language, else Chinese for a Chinese browser, else English', () => {
    expect(initialLanguage('zh-CN', 'en-US')).toBe('zh-CN');
    expect(initialLanguage(null, 'zh-TW')).toBe('zh-CN');
    expect(initialLanguage('fr', 'en-GB')).toBe('en');
  });
});
