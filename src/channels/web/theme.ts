import type { BotConfig } from '../../content';

/** The public look of a bot's web chat: what `GET /bots/:bot/theme.json` returns and web/embed.js applies. */
export interface PublicTheme {
  bot: string;
  name: string;
  assistantName: string;
  languages: string[];
  /** Same-origin path or absolute https URL of the logo; the embed script resolves paths against the Loket server. */
  logo?: string;
  colors: {
    primary: string;
    primaryText: string;
    botBubble: string;
    botBubbleText: string;
    userBubble: string;
    userBubbleText: string;
  };
  font: string;
  suggestedActionLayout: 'stacked' | 'flow';
}

const HEX = /^#[0-9a-fA-F]{6}$/;
const DEFAULT_FONT = "'Segoe UI', system-ui, -apple-system, Roboto, 'Helvetica Neue', Arial, sans-serif";
const FONT = /^[\w\s,'"-]{1,200}$/;
const LOGO = /^(\/[\w./-]{1,200}|https:\/\/[\w.-]+(:\d+)?\/[\w./%-]{0,300})$/;

/**
 * The theme from bot.yaml, with defaults that meet WCAG AA contrast. bot.schema.json checks the values; they are checked
 * again here because they end up in CSS and in an <img src>, so a value that is not a plain colour, font list or path
 * falls back to the default instead of reaching the page.
 */
export function publicTheme(bot: BotConfig): PublicTheme {
  const t = (bot.theme ?? {}) as Record<string, unknown>;
  const color = (key: string, fallback: string): string => (typeof t[key] === 'string' && HEX.test(t[key] as string) ? (t[key] as string).toUpperCase() : fallback);
  const primary = color('primary_color', '#0B4F8A');
  const primaryText = color('primary_text_color', '#FFFFFF');
  return {
    bot: bot.id,
    name: bot.name,
    assistantName: bot.assistant_name ?? 'Loket',
    languages: [...bot.languages],
    ...(typeof t.logo === 'string' && LOGO.test(t.logo) && !t.logo.includes('..') ? { logo: t.logo } : {}),
    colors: {
      primary,
      primaryText,
      botBubble: color('bot_bubble_color', '#EEF3F7'),
      botBubbleText: color('bot_bubble_text_color', '#1A1A1A'),
      userBubble: color('user_bubble_color', primary),
      userBubbleText: color('user_bubble_text_color', primaryText),
    },
    font: typeof t.font === 'string' && FONT.test(t.font) ? t.font : DEFAULT_FONT,
    suggestedActionLayout: t.suggested_action_layout === 'flow' ? 'flow' : 'stacked',
  };
}
