/*
 * Loket web chat: one tag on the municipality's site.
 *
 *   <script src="https://loket.example/embed.js" data-bot="voorbeeldgemeente" defer></script>
 *
 * Adds a "Chat met Loket" button at the bottom right that opens a chat panel (a dialog; Escape or the close button
 * closes it, focus returns to the button). On first open it loads Bot Framework Web Chat from the same Loket server
 * (/webchat/webchat.js), gets a Direct Line token from /bots/<bot>/v3/directline/tokens/generate and renders the chat,
 * themed from /bots/<bot>/theme.json (bot.yaml `theme:`). Token and conversation id are kept in sessionStorage, so a
 * reload of the page (or the next page of the site) resumes the same conversation until the tab is closed.
 *
 * Optional attributes: data-bot (default: the server's first bot), data-open="true" (open at once).
 * Under a Content-Security-Policy, give the tag a nonce: it is passed on to Web Chat's styles. The site's policy must
 * allow the Loket origin in script-src, style-src, img-src and connect-src (https: and wss:), and for photos sent with
 * the paperclip also blob: in worker-src, img-src and connect-src.
 * No cookies, no third-party requests: everything comes from the Loket server that serves this file.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src, location.href).origin;
  var botId = script.getAttribute('data-bot') || '';
  var nonce = script.nonce || script.getAttribute('nonce') || undefined;
  var registry = (window.__loket = window.__loket || {});
  if (registry[botId || '_']) return; // the tag is on the page twice
  registry[botId || '_'] = true;

  var prefix = 'loket:' + (botId || '_') + ':';
  var english = /^en\b/i.test(document.documentElement.lang || '');
  var T = english
    ? { open: 'Chat with ', close: 'Close chat', loading: 'The chat is loading…', failed: 'The chat cannot start right now. Please try again later.', retry: 'Try again' }
    : { open: 'Chat met ', close: 'Chat sluiten', loading: 'De chat wordt geladen…', failed: 'Het lukt nu niet om de chat te starten. Probeer het later opnieuw.', retry: 'Opnieuw proberen' };

  var CHAT_ICON = '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z"/></svg>';
  var CLOSE_ICON = '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z"/></svg>';

  var store = {
    get: function (k) { try { return JSON.parse(sessionStorage.getItem(prefix + k) || 'null'); } catch (e) { return null; } },
    set: function (k, v) { try { sessionStorage.setItem(prefix + k, JSON.stringify(v)); } catch (e) { /* private mode: no resume */ } },
    remove: function (k) { try { sessionStorage.removeItem(prefix + k); } catch (e) { /* ignore */ } },
  };

  function el(tag, attrs, html) {
    var e = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (html) e.innerHTML = html;
    return e;
  }

  function fetchJson(url, init) {
    return fetch(url, init).then(function (r) {
      if (!r.ok) throw new Error(url + ' answered ' + r.status);
      return r.json();
    });
  }

  var botPath = botId ? '/bots/' + encodeURIComponent(botId) : '';
  // Without data-bot: the server's first bot (its theme says which one it is).
  var themePromise = fetchJson(origin + botPath + '/theme.json').catch(function () { return null; });

  function init(theme) {
    theme = theme || { name: '', assistantName: 'Loket', colors: {}, suggestedActionLayout: 'stacked' };
    if (!botId && theme.bot) botPath = '/bots/' + encodeURIComponent(theme.bot);
    var uid = 'loket-' + (botId || 'chat').replace(/[^\w-]/g, '');
    var assistant = theme.assistantName || 'Loket';
    var logo = theme.logo ? new URL(theme.logo, origin + '/').href : '';

    var link = el('link', { rel: 'stylesheet', href: origin + '/static/embed.css' });
    if (nonce) link.nonce = nonce;
    document.head.appendChild(link);

    var root = el('div', { class: 'loket-root', 'data-loket-bot': botId });
    var c = theme.colors || {};
    if (c.primary) root.style.setProperty('--loket-primary', c.primary);
    if (c.primaryText) root.style.setProperty('--loket-primary-text', c.primaryText);
    if (theme.font) root.style.setProperty('--loket-font', theme.font);

    var button = el('button', { type: 'button', class: 'loket-launcher', 'aria-expanded': 'false', 'aria-controls': uid + '-panel', 'aria-haspopup': 'dialog' },
      CHAT_ICON + '<span class="loket-launcher__label"></span>');
    button.lastChild.textContent = T.open + assistant;

    var panel = el('div', { id: uid + '-panel', class: 'loket-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': uid + '-title', 'aria-describedby': uid + '-subtitle', tabindex: '-1', hidden: '' });
    var header = el('div', { class: 'loket-panel__header' });
    if (logo) header.appendChild(el('img', { class: 'loket-panel__logo', src: logo, alt: '', width: '32', height: '32' }));
    var titles = el('div', { class: 'loket-panel__titles' });
    var title = el('h2', { id: uid + '-title', class: 'loket-panel__title' });
    title.textContent = assistant;
    var subtitle = el('p', { id: uid + '-subtitle', class: 'loket-panel__subtitle' });
    subtitle.textContent = theme.name || '';
    titles.appendChild(title);
    titles.appendChild(subtitle);
    header.appendChild(titles);
    var close = el('button', { type: 'button', class: 'loket-panel__close', 'aria-label': T.close }, CLOSE_ICON);
    header.appendChild(close);
    var status = el('div', { class: 'loket-panel__status', role: 'status' });
    var chat = el('div', { class: 'loket-panel__chat' });
    panel.appendChild(header);
    panel.appendChild(status);
    panel.appendChild(chat);
    root.appendChild(panel);
    root.appendChild(button);
    document.body.appendChild(root);

    var started = false;
    var directLine = null;

    function sendBox() { return chat.querySelector('.webchat__send-box-text-box__input, [data-id="webchat-sendbox-input"]'); }

    /** Focus the send box as soon as Web Chat has drawn it; until then the dialog itself has focus. */
    function focusSendBox() {
      var box = sendBox();
      if (box) return void box.focus();
      var observer = new MutationObserver(function () {
        var b = sendBox();
        if (!b) return;
        observer.disconnect();
        if (!panel.hidden && panel.contains(document.activeElement)) b.focus();
      });
      observer.observe(chat, { childList: true, subtree: true });
    }

    function open(moveFocus) {
      if (!panel.hidden) return;
      panel.hidden = false;
      root.classList.add('loket-root--open');
      button.setAttribute('aria-expanded', 'true');
      store.set('open', true);
      if (moveFocus) {
        panel.focus();
        focusSendBox();
      }
      if (!started) start();
    }

    function hide() {
      if (panel.hidden) return;
      var hadFocus = panel.contains(document.activeElement);
      panel.hidden = true;
      root.classList.remove('loket-root--open');
      button.setAttribute('aria-expanded', 'false');
      store.set('open', false);
      saveSession();
      if (hadFocus || document.activeElement === document.body) button.focus();
    }

    button.addEventListener('click', function () { if (panel.hidden) open(true); else hide(); });
    close.addEventListener('click', hide);
    panel.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' || e.key === 'Esc') {
        e.stopPropagation();
        hide();
      }
    });

    function loadWebChat() {
      if (window.WebChat && window.WebChat.renderWebChat) return Promise.resolve(window.WebChat);
      if (registry.webChatPromise) return registry.webChatPromise;
      registry.webChatPromise = new Promise(function (resolve, reject) {
        var s = el('script', { src: origin + '/webchat/webchat.js', async: '' });
        if (nonce) s.nonce = nonce;
        s.onload = function () { window.WebChat ? resolve(window.WebChat) : reject(new Error('Web Chat did not load')); };
        s.onerror = function () { registry.webChatPromise = null; reject(new Error('Web Chat did not load')); };
        document.head.appendChild(s);
      });
      return registry.webChatPromise;
    }

    /** A saved session while its token is still good for a minute, else a new token (and so a new conversation). */
    function session() {
      var saved = store.get('session');
      if (saved && saved.token && saved.conversationId && saved.expiresAt > Date.now() + 60000) return Promise.resolve({ session: saved, resumed: true });
      return fetchJson(origin + botPath + '/v3/directline/tokens/generate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
        .then(function (r) {
          var s = { token: r.token, conversationId: r.conversationId, expiresAt: Date.now() + (r.expires_in || 3600) * 1000 };
          store.set('session', s);
          return { session: s, resumed: false };
        });
    }

    /** Web Chat's DirectLine refreshes its token by itself; keep the newest one for the next page. */
    function saveSession() {
      if (!directLine || !directLine.token || !directLine.conversationId) return;
      var saved = store.get('session') || {};
      if (saved.token !== directLine.token) store.set('session', { token: directLine.token, conversationId: directLine.conversationId, expiresAt: Date.now() + 15 * 60000 });
    }
    window.addEventListener('pagehide', saveSession);

    function styleOptions() {
      return {
        accent: c.primary,
        primaryFont: theme.font,
        backgroundColor: '#FFFFFF',
        bubbleBackground: c.botBubble,
        bubbleTextColor: c.botBubbleText,
        bubbleBorderColor: c.botBubble,
        bubbleBorderRadius: 8,
        bubbleFromUserBackground: c.userBubble,
        bubbleFromUserTextColor: c.userBubbleText,
        bubbleFromUserBorderColor: c.userBubble,
        bubbleFromUserBorderRadius: 8,
        bubbleMaxWidth: 600,
        suggestedActionLayout: theme.suggestedActionLayout === 'flow' ? 'flow' : 'stacked',
        suggestedActionBackgroundColor: '#FFFFFF',
        suggestedActionTextColor: c.primary,
        suggestedActionBorderColor: c.primary,
        suggestedActionBorderWidth: 2,
        suggestedActionBorderRadius: 8,
        suggestedActionBackgroundColorOnHover: c.botBubble,
        suggestedActionBackgroundColorOnActive: c.botBubble,
        sendBoxButtonColor: c.primary,
        sendBoxButtonColorOnHover: c.primary,
        sendBoxButtonColorOnFocus: c.primary,
        sendBoxBorderTop: '1px solid #757575',
        sendBoxPlaceholderColor: '#595959',
        subtle: '#595959',
        timestampColor: '#595959',
        // The paperclip sends a photo through Direct Line's upload, e.g. for a melding. It goes as soon as it is
        // chosen: Web Chat 4.18 shows a chosen file only as a checked paperclip, which a screen reader does not announce
        // and many residents would not notice, so waiting for Verzenden left photos unsent.
        hideUploadButton: false,
        uploadAccept: 'image/*',
        uploadMultiple: false,
        sendAttachmentOn: 'attach',
        hideScrollToEndButton: false,
        rootHeight: '100%',
        rootWidth: '100%',
      };
    }

    function render(WebChat, s, resumed) {
      directLine = WebChat.createDirectLine({ token: s.token, domain: origin + '/v3/directline', conversationId: resumed ? s.conversationId : undefined, webSocket: true });
      var failedOnce = false;
      directLine.connectionStatus$.subscribe(function (st) {
        if (st === 2) saveSession(); // Online
        // 3 ExpiredToken, 4 FailedToConnect: a resumed conversation that is gone starts over once with a new token.
        if ((st === 3 || st === 4) && resumed && !failedOnce) {
          failedOnce = true;
          store.remove('session');
          try { directLine.end(); } catch (e) { /* already ended */ }
          start();
        }
      });
      // Texts in bot.yaml use one newline for a new line; in markdown that needs two spaces before it.
      var markdown = WebChat.renderMarkdown && function (text, options, extra) {
        return WebChat.renderMarkdown(String(text).replace(/([^\n])\n(?!\n)/g, '$1  \n'), options, extra);
      };
      WebChat.renderWebChat({ directLine: directLine, locale: english ? 'en-US' : 'nl-NL', nonce: nonce, renderMarkdown: markdown, styleOptions: styleOptions() }, chat);
      status.textContent = '';
      root.classList.remove('loket-root--loading');
      if (!panel.hidden && panel.contains(document.activeElement)) focusSendBox();
    }

    function start() {
      started = true;
      root.classList.add('loket-root--loading');
      status.textContent = T.loading;
      Promise.all([loadWebChat(), session()]).then(function (r) {
        render(r[0], r[1].session, r[1].resumed);
      }).catch(function () {
        started = false;
        root.classList.remove('loket-root--loading');
        status.textContent = T.failed + ' ';
        var retry = el('button', { type: 'button', class: 'loket-panel__retry' });
        retry.textContent = T.retry;
        retry.addEventListener('click', function () { status.textContent = ''; start(); });
        status.appendChild(retry);
      });
    }

    if (script.getAttribute('data-open') === 'true' || store.get('open') === true) open(false);
  }

  function ready(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }
  themePromise.then(function (theme) { ready(function () { init(theme); }); });
})();
