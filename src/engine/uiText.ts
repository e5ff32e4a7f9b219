/** The task pane's words, zh-TW and en (part of the one message table; see messages.ts). */
export const UI_TEXT = {
  title: { 'zh-TW': '施政計畫檢核', en: 'Plan check' },
} as const;
