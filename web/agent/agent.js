/*
 * The agent console in the browser: plain DOM, no framework, no build step. Talks JSON to /agent/api and listens to
 * /agent/api/events (Server-Sent Events). Every text from residents or the server goes in as textContent, never as HTML.
 */
(function () {
  'use strict';

  var REASONS = {
    crisis: 'Crisis', emotional: 'Emotioneel', political: 'Politiek gevoelig', complex: 'Ingewikkelde vraag',
    person: 'Wil een medewerker', not_understood: 'Chatbot begreep het niet', flow: 'Doorgezet vanuit de chatbot',
  };
  var CHANNELS = { directline: 'Webchat', webchat: 'Webchat', whatsapp: 'WhatsApp', msteams: 'Teams', console: 'Terminal' };
  var OUTCOMES = {
    opgelost: 'Opgelost', doorverwezen: 'Doorverwezen', terugbelafspraak: 'Terugbelafspraak', anders: 'Anders',
    teruggebeld: 'Teruggebeld', 'niet bereikt': 'Niet bereikt',
  };
  var STATUS = { pending: 'Wacht op een medewerker', assigned: 'In gesprek', resolved: 'Afgesloten', returned: 'Terug bij de chatbot', expired: 'Verlopen' };
  var FROM = { resident: 'Inwoner', bot: 'Chatbot', agent: 'Medewerker' };
  var CLOCK = { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' };

  var state = { me: null, queue: null, openId: null, open: null, messages: [], events: null, retry: null, connected: null };

  function $(id) { return document.getElementById(id); }

  /** A refusal to show the agent; `message` null when the page already handled it (signed out). */
  function ConsoleError(message) { this.message = message; }

  // ---- talking to the server

  function api(method, path, body) {
    var init = { method: method, headers: {}, credentials: 'same-origin', cache: 'no-store' };
    if (method !== 'GET') {
      init.headers['Content-Type'] = 'application/json';
      init.headers['X-Loket-Agent'] = '1';
      init.body = JSON.stringify(body || {});
    }
    return fetch(path, init).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (json) {
        if (res.status === 401 && path !== '/agent/api/login') {
          signedOut('U bent niet meer aangemeld. Meld u opnieuw aan.');
          throw new ConsoleError(null);
        }
        if (!res.ok) throw new ConsoleError(json.error || 'Er ging iets mis. Probeer het opnieuw.');
        return json;
      });
    }, function () {
      throw new ConsoleError('De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.');
    });
  }

  /** Runs an action of the agent; its refusal (a QueueError's Dutch message, say) goes to the alert region. */
  function act(work) {
    return Promise.resolve().then(work).then(clearAlert, function (e) {
      if (e instanceof ConsoleError) { if (e.message) showAlert(e.message); }
      else { showAlert('Er ging iets mis in deze pagina. Laad de pagina opnieuw.'); throw e; }
    });
  }

  function showAlert(text) { $('alert').textContent = text; }
  function clearAlert() { $('alert').textContent = ''; }

  /** Polite announcements for screen readers: new conversations, new messages, what an action did. */
  function announce(text) {
    var live = $('live');
    var p = document.createElement('p');
    p.textContent = text;
    live.appendChild(p);
    while (live.childNodes.length > 5) live.removeChild(live.firstChild);
  }

  // ---- small builders

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'className') node.className = attrs[k];
      else if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  /** A button whose visible word is short and whose accessible name says what it is about. */
  function button(label, context, attrs) {
    return el('button', Object.assign({ type: 'button', className: 'button button--small' }, attrs), [label, el('span', { className: 'visually-hidden', text: ' ' + context })]);
  }

  function clock(iso) { return new Date(iso).toLocaleTimeString('nl-NL', CLOCK); }

  function waited(seconds) {
    var minutes = Math.floor(seconds / 60);
    if (minutes < 1) return 'wacht net';
    if (minutes < 60) return 'wacht ' + minutes + ' min';
    return 'wacht ' + Math.floor(minutes / 60) + ' uur ' + (minutes % 60) + ' min';
  }

  /** "Crisis: woorden 'zelfmoord' (zeker 42%, nodig 10%)": what the bot saw, so the agent can judge it. */
  function evidenceText(e) {
    var seen = { keyword: 'woorden', sentiment: 'toon', classifier: 'lijkt op', screen: 'lijkt op eerdere noodberichten', combined: 'alle redenen samen, lijkt op' }[e.signal] || e.signal;
    var words = e.words.length ? ' ' + seen + ' \u2018' + e.words.join('\u2019, \u2018') + '\u2019' : ' ' + seen;
    return (REASONS[e.reason] || e.reason) + ':' + words + ' (zeker ' + Math.round(e.score * 100) + '%, nodig ' + Math.round(e.threshold * 100) + '%)';
  }

  function reasonList(reasons) {
    return el('ul', { className: 'reasons', 'aria-label': 'Redenen' }, reasons.map(function (r) { return el('li', { text: REASONS[r] || r }); }));
  }

  function definitions(className, pairs) {
    var dl = el('dl', { className: className });
    pairs.forEach(function (p) { if (p[1]) { dl.appendChild(el('dt', { text: p[0] })); dl.appendChild(el('dd', {}, [p[1]])); } });
    return dl;
  }

  function slotPairs(slots) {
    return Object.keys(slots || {}).map(function (k) { return [k.replace(/_/g, ' '), slots[k]]; });
  }

  /**
   * Brings a list in line with `items` without redrawing what did not change, so focus and half-typed notes survive
   * live updates. When the focused item disappears, focus goes to the list's heading.
   */
  function syncList(list, items, build, heading) {
    var focused = list.contains(document.activeElement) ? document.activeElement : null;
    var focusKey = focused && focused.getAttribute('data-key');
    var existing = {};
    Array.prototype.forEach.call(list.children, function (li) { existing[li.getAttribute('data-id')] = li; });
    items.forEach(function (item, i) {
      var id = String(item.id);
      var sig = JSON.stringify(item, function (k, v) { return k === 'waitingSeconds' ? undefined : v; });
      var node = existing[id];
      delete existing[id];
      if (!node || node.getAttribute('data-sig') !== sig) {
        var fresh = build(item);
        fresh.setAttribute('data-id', id);
        fresh.setAttribute('data-sig', sig);
        if (node) list.replaceChild(fresh, node); else list.insertBefore(fresh, list.children[i] || null);
        node = fresh;
      } else if (list.children[i] !== node) {
        list.insertBefore(node, list.children[i] || null);
      }
    });
    Object.keys(existing).forEach(function (id) { list.removeChild(existing[id]); });
    if (focused && !list.contains(document.activeElement)) {
      var again = focusKey && list.querySelector('[data-key="' + focusKey + '"]');
      (again || heading).focus();
    }
  }

  // ---- sign-in and sign-out

  function showSignIn() {
    closeEvents();
    state.me = null;
    $('console').hidden = true;
    $('user').hidden = true;
    $('signin').hidden = false;
    document.title = 'Aanmelden – Agentconsole';
  }

  /** The session ended: forget everything shown (it is personal data) and ask to sign in again. */
  function signedOut(message) {
    if (!state.me) return;
    state.queue = state.open = null;
    state.openId = null;
    state.messages = [];
    ['waiting', 'mine', 'recent', 'callbacks', 'callbacks-done', 'undelivered', 'transcript'].forEach(function (id) { $(id).textContent = ''; });
    $('conversation').hidden = true;
    showSignIn();
    if (message) showAlert(message);
    $('signin-username').focus();
  }

  function signIn(event) {
    event.preventDefault();
    var body = { bot: $('signin-bot').value, username: $('signin-username').value.trim(), password: $('signin-password').value };
    if (!body.username || !body.password) return showAlert('Vul uw gebruikersnaam en wachtwoord in.');
    return api('POST', '/agent/api/login', body).then(function (me) {
      $('signin-password').value = '';
      clearAlert();
      enter(me);
      $('console-title').setAttribute('tabindex', '-1');
      $('console-title').focus();
    }, function (e) {
      $('signin-password').value = '';
      showAlert(e.message);
      $('signin-password').focus();
    });
  }

  function signOut() {
    return act(function () {
      return api('POST', '/agent/api/logout').then(function () {
        signedOut(null);
        announce('U bent afgemeld.');
      });
    });
  }

  function enter(me) {
    state.me = me;
    $('signin').hidden = true;
    $('console').hidden = false;
    $('user').hidden = false;
    $('user-name').textContent = me.name;
    $('bot-name').textContent = me.bot.name;
    $('console-title').textContent = 'Agentconsole ' + me.bot.name;
    document.title = 'Agentconsole – ' + me.bot.name;
    renderOutcomes(me.outcomes);
    openEvents();
    refreshAll();
  }

  // ---- live updates

  function openEvents() {
    closeEvents();
    var events = new EventSource('/agent/api/events');
    state.events = events;
    events.addEventListener('ready', function () { setConnected(true); refreshAll(); });
    events.addEventListener('queue', function (e) { onQueueChange(JSON.parse(e.data)); });
    events.addEventListener('message', function (e) { onMessage(JSON.parse(e.data)); });
    events.addEventListener('callbacks', function (e) { onCallbackChange(JSON.parse(e.data)); });
    events.addEventListener('undelivered', function () { refreshUndelivered().catch(ignoreHandled); });
    events.addEventListener('signedout', function () { signedOut('Uw sessie is verlopen. Meld u opnieuw aan.'); });
    events.onerror = function () {
      if (state.events !== events) return;
      setConnected(false);
      // The browser retries by itself unless the server refused (401 after the session ended): then check why.
      if (events.readyState === EventSource.CLOSED) state.retry = setTimeout(checkAndReconnect, 3000);
    };
  }

  function closeEvents() {
    clearTimeout(state.retry);
    if (state.events) state.events.close();
    state.events = null;
  }

  function checkAndReconnect() {
    api('GET', '/agent/api/me').then(openEvents, function () {
      if (state.me) state.retry = setTimeout(checkAndReconnect, 5000);
    });
  }

  function setConnected(up) {
    if (state.connected === up) return;
    state.connected = up;
    var c = $('connection');
    c.textContent = up ? 'Verbonden: u bent beschikbaar voor inwoners' : 'Geen verbinding, opnieuw verbinden…';
    c.className = up ? 'connection' : 'connection connection--down';
  }

  function onQueueChange(change) {
    scheduleQueue();
    if (change.ticketId === state.openId && change.kind === 'status') reloadOpen();
  }

  function onMessage(event) {
    var m = event.message;
    if (event.ticketId === state.openId) {
      if (addMessage(m) && m.from === 'resident') announce('Inwoner in gesprek ' + event.ticketId + ': ' + m.text);
    } else if (m.from === 'resident' && event.status === 'assigned') {
      announce('Nieuw bericht van de inwoner in gesprek ' + event.ticketId + '.');
    }
    scheduleQueue();
  }

  function onCallbackChange(change) {
    if (change.status === 'open') announce('Nieuw terugbelverzoek.');
    refreshCallbacks().catch(ignoreHandled);
  }

  function ignoreHandled(e) { if (!(e instanceof ConsoleError)) throw e; if (e.message) showAlert(e.message); }

  var queueTimer = null;
  function scheduleQueue() {
    clearTimeout(queueTimer);
    queueTimer = setTimeout(function () { refreshQueue().catch(ignoreHandled); }, 50);
  }

  function refreshAll() {
    var open = state.openId ? reloadOpen() : null;
    return Promise.all([refreshQueue(), refreshCallbacks(), refreshUndelivered(), open]).catch(ignoreHandled);
  }

  // ---- the queue

  function refreshQueue() {
    return api('GET', '/agent/api/queue').then(function (q) {
      var before = state.queue;
      state.queue = q;
      if (before) announceNew(before.waiting, q.waiting);
      renderQueue();
    });
  }

  function announceNew(before, after) {
    var known = {};
    before.forEach(function (t) { known[t.id] = true; });
    after.forEach(function (t) {
      if (!known[t.id]) announce((t.priority === 'urgent' ? 'Spoed: nieuw' : 'Nieuw') + ' gesprek in de wachtrij, gesprek ' + t.id + '.');
    });
  }

  function renderQueue() {
    var q = state.queue;
    if (!q) return;
    syncList($('waiting'), q.waiting, function (t) { return ticketItem(t, 'waiting'); }, $('waiting-title'));
    syncList($('mine'), q.mine, function (t) { return ticketItem(t, 'mine'); }, $('mine-title'));
    syncList($('recent'), q.recent, function (t) { return ticketItem(t, 'recent'); }, $('mine-title'));
    $('waiting-empty').hidden = q.waiting.length > 0;
    $('mine-empty').hidden = q.mine.length > 0;
    $('recent-empty').hidden = q.recent.length > 0;
    $('mine-count').textContent = '(' + q.mine.length + ' van ' + q.capacity + ')';
    $('chats-count').textContent = q.waiting.length ? q.waiting.length + ' wachtend' : '';
    document.querySelectorAll('.ticket').forEach(function (li) { li.classList.toggle('ticket--open', li.getAttribute('data-id') === String(state.openId)); });
    updateWaits();
  }

  function ticketItem(t, kind) {
    var titleId = kind + '-' + t.id + '-title';
    var title = el('h3', { id: titleId }, [t.priority === 'urgent' ? el('span', { className: 'badge badge--urgent', text: 'Spoed' }) : null, 'Gesprek ' + t.id]);
    var meta = [];
    if (kind === 'waiting') meta.push(el('span', { className: 'ticket__wait', 'data-since': String(Date.now() - t.waitingSeconds * 1000), text: waited(t.waitingSeconds) }));
    if (kind === 'mine' && t.assignedAt) meta.push('sinds ' + clock(t.assignedAt));
    if (kind === 'recent') meta.push((STATUS[t.status] || t.status) + (t.closedAt ? ' om ' + clock(t.closedAt) : ''));
    meta.push(CHANNELS[t.channel] || t.channel);
    if (t.flowTitle) meta.push(t.flowTitle);
    var metaLine = el('p', { className: 'ticket__meta' });
    meta.forEach(function (m, i) { if (i) metaLine.appendChild(document.createTextNode(' · ')); metaLine.appendChild(typeof m === 'string' ? document.createTextNode(m) : m); });
    var actions = el('div', { className: 'ticket__actions' });
    var context = 'gesprek ' + t.id;
    if (kind === 'waiting') {
      actions.appendChild(button('Bekijken', context, { 'data-action': 'open', 'data-ticket': t.id, 'data-key': 'open-' + t.id, className: 'button button--small button--secondary' }));
      actions.appendChild(button('Oppakken', context, { 'data-action': 'claim', 'data-ticket': t.id, 'data-key': 'claim-' + t.id }));
    } else {
      actions.appendChild(button(kind === 'mine' ? 'Openen' : 'Bekijken', context, { 'data-action': 'open', 'data-ticket': t.id, 'data-key': 'open-' + t.id, className: 'button button--small button--secondary' }));
    }
    return el('li', { className: 'ticket' + (t.priority === 'urgent' ? ' ticket--urgent' : '') }, [
      el('article', { 'aria-labelledby': titleId }, [
        title,
        reasonList(t.reasons),
        metaLine,
        t.preview ? el('p', { className: 'ticket__preview' }, [el('span', { className: 'visually-hidden', text: 'Laatste bericht van de inwoner: ' }), '“' + t.preview + '”']) : null,
        kind === 'recent' && t.outcome ? el('p', { text: 'Uitkomst: ' + t.outcome }) : null,
        kind !== 'recent' && Object.keys(t.slots).length ? definitions('slots', slotPairs(t.slots)) : null,
        actions,
      ]),
    ]);
  }

  /** Waiting times count on in the page between updates from the server. */
  function updateWaits() {
    document.querySelectorAll('.ticket__wait').forEach(function (span) {
      var text = waited(Math.max(0, (Date.now() - Number(span.getAttribute('data-since'))) / 1000));
      if (span.textContent !== text) span.textContent = text;
    });
  }

  function onListClick(event) {
    var target = event.target.closest('button[data-action]');
    if (!target) return;
    var id = Number(target.getAttribute('data-ticket'));
    if (target.getAttribute('data-action') === 'claim') act(function () { return claim(id); });
    else act(function () { return openTicket(id, 'title'); });
  }

  // ---- one conversation

  function claim(id) {
    return api('POST', '/agent/api/tickets/' + id + '/claim').then(function () {
      announce('U heeft gesprek ' + id + ' opgepakt.');
      return Promise.all([refreshQueue(), openTicket(id, 'reply')]);
    });
  }

  function openTicket(id, focus) {
    return api('GET', '/agent/api/tickets/' + id).then(function (r) {
      state.openId = id;
      state.open = r.ticket;
      state.messages = [];
      $('transcript').textContent = '';
      $('erase-confirm').checked = false;
      r.messages.forEach(addMessage);
      renderConversation();
      renderQueue();
      if (focus === 'reply' && !$('work').hidden) $('reply-text').focus();
      else if (focus === 'title') $('conversation-title').focus();
    });
  }

  /** The open conversation changed state (claimed, closed, taken by someone else): show it as it is now. */
  function reloadOpen() {
    var id = state.openId;
    return api('GET', '/agent/api/tickets/' + id).then(function (r) {
      if (state.openId !== id) return;
      state.open = r.ticket;
      r.messages.forEach(addMessage);
      renderConversation();
    }, function (e) {
      if (!(e instanceof ConsoleError) || !e.message) throw e;
      if (state.openId === id) closeConversation();
      showAlert(e.message);
    });
  }

  function renderConversation() {
    var t = state.open;
    $('conversation-empty').hidden = true;
    $('conversation').hidden = false;
    $('conversation-title').textContent = 'Gesprek ' + t.id + (t.priority === 'urgent' ? ' (spoed)' : '');
    var facts = definitions('facts', [
      ['Status', STATUS[t.status] || t.status],
      ['Redenen', t.reasons.map(function (r) { return REASONS[r] || r; }).join(', ')],
      ['Waarom', t.evidence.map(evidenceText).join(' · ')],
      ['Kanaal', CHANNELS[t.channel] || t.channel],
      ['Taal', t.lang === 'en' ? 'Engels' : 'Nederlands'],
      ['Onderwerp', t.flowTitle],
      ['Begonnen', clock(t.createdAt)],
      ['Medewerker', t.agent],
      ['Uitkomst', t.outcome],
    ].concat(slotPairs(t.slots)));
    facts.id = 'conversation-facts';
    $('conversation-facts').replaceWith(facts);
    $('claim-box').hidden = t.status !== 'pending';
    $('work').hidden = !(t.status === 'assigned' && t.mine);
    // A resident's data: the agent's own conversations; erasing once nothing is in flight any more.
    var closed = t.status !== 'pending' && t.status !== 'assigned';
    $('privacy').hidden = !t.mine;
    $('erase-form').hidden = !closed;
    $('erase-later').hidden = closed;
  }

  function closeConversation() {
    state.openId = null;
    state.open = null;
    state.messages = [];
    $('transcript').textContent = '';
    $('conversation').hidden = true;
    $('conversation-empty').hidden = false;
    $('conversation-title').textContent = 'Gesprek';
    renderQueue();
  }

  /** Adds a message to the open transcript once (it comes back both as the answer and on the stream). */
  function addMessage(m) {
    if (state.messages.some(function (x) { return x.id === m.id; })) return false;
    state.messages.push(m);
    var who = FROM[m.from] || m.from;
    if (m.from === 'agent' && m.agent) who += ' (' + m.agent + ')';
    var list = $('transcript');
    list.appendChild(el('li', { className: 'msg msg--' + m.from }, [
      el('p', { className: 'msg__who' }, [who, el('time', { datetime: m.at, text: clock(m.at) })]),
      el('p', { className: 'msg__text', text: m.text }),
    ]));
    list.scrollTop = list.scrollHeight;
    return true;
  }

  function sendReply(event) {
    event.preventDefault();
    var box = $('reply-text');
    if (!box.value.trim()) return showAlert('Typ eerst een bericht.');
    var id = state.openId;
    return act(function () {
      return api('POST', '/agent/api/tickets/' + id + '/reply', { text: box.value }).then(function (r) {
        box.value = '';
        if (state.openId === id) addMessage(r.message);
      });
    });
  }

  function replyKey(event) {
    if (event.key !== 'Enter' || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
    event.preventDefault();
    $('reply-form').requestSubmit();
  }

  function sendLink(event) {
    event.preventDefault();
    var form = event.target;
    var id = state.openId;
    return act(function () {
      return api('POST', '/agent/api/tickets/' + id + '/link', { title: $('link-title').value, url: $('link-url').value.trim() }).then(function (r) {
        form.reset();
        if (state.openId === id) addMessage(r.message);
        announce('Link verstuurd.');
      });
    });
  }

  function handBack() {
    var id = state.openId;
    return act(function () {
      return api('POST', '/agent/api/tickets/' + id + '/handback').then(function () {
        closeConversation();
        announce('Gesprek ' + id + ' is terug bij de chatbot.');
        $('mine-title').focus();
      });
    });
  }

  function closeTicket(event) {
    event.preventDefault();
    var form = event.target;
    var chosen = form.querySelector('input[name="outcome"]:checked');
    if (!chosen) return showAlert('Kies een uitkomst om het gesprek af te sluiten.');
    var id = state.openId;
    return act(function () {
      return api('POST', '/agent/api/tickets/' + id + '/close', { outcome: chosen.value, note: $('close-note').value }).then(function () {
        form.reset();
        closeConversation();
        announce('Gesprek ' + id + ' is afgesloten.');
        $('mine-title').focus();
      });
    });
  }

  // ---- a resident's data (AVG): download and erase

  /** Downloads the JSON the server made: a link to it in memory, clicked once. */
  function exportData() {
    var id = state.openId;
    return act(function () {
      return api('GET', '/agent/api/tickets/' + id + '/export').then(function (json) {
        var url = URL.createObjectURL(new Blob([JSON.stringify(json, null, 2)], { type: 'application/json' }));
        var link = el('a', { href: url, download: 'gesprek-' + id + '.json', hidden: 'hidden' });
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
        announce('De gegevens van gesprek ' + id + ' zijn gedownload.');
      });
    });
  }

  function eraseData(event) {
    event.preventDefault();
    var confirmed = $('erase-confirm');
    if (!confirmed.checked) {
      showAlert('Vink eerst aan dat u alle gegevens van dit gesprek wilt wissen.');
      return confirmed.focus();
    }
    var id = state.openId;
    return act(function () {
      return api('POST', '/agent/api/tickets/' + id + '/erase', { confirm: true }).then(function () {
        closeConversation();
        $('mine-title').focus();
        return refreshQueue();
      }).then(function () {
        // Said once the lists no longer show the conversation: what is heard is what is on the screen.
        announce('De gegevens van gesprek ' + id + ' zijn gewist.');
      });
    });
  }

  function renderOutcomes(outcomes) {
    var box = $('close-outcomes');
    box.textContent = '';
    outcomes.forEach(function (o, i) {
      var id = 'close-outcome-' + i;
      box.appendChild(el('div', { className: 'choice' }, [
        el('input', { type: 'radio', name: 'outcome', id: id, value: o }),
        el('label', { for: id, text: OUTCOMES[o] || o }),
      ]));
    });
  }

  // ---- callback requests

  function refreshCallbacks() {
    return api('GET', '/agent/api/callbacks').then(function (c) {
      syncList($('callbacks'), c.open, taskItem, $('callbacks-title'));
      syncList($('callbacks-done'), c.done, doneItem, $('callbacks-title'));
      $('callbacks-empty').hidden = c.open.length > 0;
      $('callbacks-done-empty').hidden = c.done.length > 0;
      $('callbacks-count').textContent = c.open.length ? String(c.open.length) : '';
    });
  }

  function taskItem(t) {
    var base = 'task-' + t.id;
    var outcomes = (state.me && state.me.callbackOutcomes) || [];
    var form = el('form', { className: 'form', 'data-task': t.id }, [
      el('div', { className: 'field' }, [
        el('label', { for: base + '-outcome', text: 'Uitkomst' }),
        el('select', { id: base + '-outcome', name: 'outcome' }, outcomes.map(function (o) { return el('option', { value: o, text: OUTCOMES[o] || o }); })),
      ]),
      el('div', { className: 'field' }, [
        el('label', { for: base + '-note', text: 'Toelichting (nodig bij "anders")' }),
        el('input', { id: base + '-note', name: 'note', maxlength: '400' }),
      ]),
      el('div', { className: 'task__actions' }, [
        el('button', { type: 'submit', className: 'button button--small' }, ['Afronden', el('span', { className: 'visually-hidden', text: ' terugbelverzoek ' + t.reference })]),
      ]),
    ]);
    return el('li', { className: 'task' }, [
      el('article', { 'aria-labelledby': base + '-title' }, [
        el('h3', { id: base + '-title', text: t.name }),
        el('p', { className: 'task__meta', text: t.reference + ' · aangevraagd om ' + clock(t.createdAt) }),
        definitions('slots', [
          ['Telefoon', el('a', { href: 'tel:' + t.phone.replace(/[^0-9+]/g, ''), text: t.phone })],
          ['Moment', t.moment],
          ['Redenen', t.reasons.map(function (r) { return REASONS[r] || r; }).join(', ')],
          ['Samenvatting', t.summary],
        ]),
        form,
      ]),
    ]);
  }

  function doneItem(t) {
    return el('li', { className: 'task' }, [
      el('p', { text: t.name + ' (' + t.reference + ')' }),
      el('p', { className: 'task__meta', text: 'Afgerond' + (t.closedBy ? ' door ' + t.closedBy : '') + (t.closedAt ? ' om ' + clock(t.closedAt) : '') + (t.outcome ? ': ' + t.outcome : '') }),
    ]);
  }

  function closeTask(event) {
    var form = event.target.closest('form[data-task]');
    if (!form) return;
    event.preventDefault();
    var id = Number(form.getAttribute('data-task'));
    return act(function () {
      var value = function (name) { return form.querySelector('[name="' + name + '"]').value; };
      return api('POST', '/agent/api/callbacks/' + id + '/close', { outcome: value('outcome'), note: value('note') }).then(function () {
        announce('Terugbelverzoek afgerond.');
        return refreshCallbacks();
      });
    });
  }

  // ---- messages for other systems that could not be delivered

  function refreshUndelivered() {
    return api('GET', '/agent/api/undelivered').then(function (u) {
      syncList($('undelivered'), u.items, undeliveredItem, $('undelivered-title'));
      $('undelivered-empty').hidden = u.items.length > 0;
      $('undelivered-count').textContent = u.items.length ? String(u.items.length) : '';
    });
  }

  function moment(iso) { return new Date(iso).toLocaleString('nl-NL', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' }); }

  function undeliveredItem(u) {
    var base = 'undelivered-' + u.id;
    var which = ' ' + u.what + (u.reference ? ' ' + u.reference : '');
    var form = el('form', { className: 'form', 'data-undelivered': u.id }, [
      el('div', { className: 'field' }, [
        el('label', { for: base + '-note', text: 'Wat heeft u zelf gedaan? (nodig bij afgehandeld)' }),
        el('input', { id: base + '-note', name: 'note', maxlength: '400' }),
      ]),
      el('div', { className: 'task__actions' }, [
        el('button', { type: 'button', className: 'button button--small', 'data-retry': u.id }, ['Opnieuw proberen', el('span', { className: 'visually-hidden', text: which })]),
        el('button', { type: 'submit', className: 'button button--small' }, ['Afgehandeld', el('span', { className: 'visually-hidden', text: which })]),
      ]),
    ]);
    return el('li', { className: 'task' }, [
      el('article', { 'aria-labelledby': base + '-title' }, [
        el('h3', { id: base + '-title', text: u.what }),
        el('p', { className: 'task__meta', text: (u.reference ? u.reference + ' · ' : '') + 'gemaakt ' + moment(u.createdAt) + (u.failedAt ? ' · opgegeven ' + moment(u.failedAt) : '') }),
        definitions('slots', [['Wat ging er mis', u.reason], ['Pogingen', String(u.attempts)]]),
        form,
      ]),
    ]);
  }

  function retryUndelivered(event) {
    var button = event.target.closest('button[data-retry]');
    if (!button) return;
    var id = Number(button.getAttribute('data-retry'));
    return act(function () {
      return api('POST', '/agent/api/undelivered/' + id + '/retry').then(function () {
        announce('Het bericht gaat opnieuw naar het andere systeem.');
        return refreshUndelivered();
      });
    });
  }

  function handleUndelivered(event) {
    var form = event.target.closest('form[data-undelivered]');
    if (!form) return;
    event.preventDefault();
    var id = Number(form.getAttribute('data-undelivered'));
    return act(function () {
      return api('POST', '/agent/api/undelivered/' + id + '/handled', { note: form.querySelector('[name="note"]').value }).then(function () {
        announce('Het bericht staat op afgehandeld.');
        return refreshUndelivered();
      });
    });
  }

  // ---- tabs (WAI-ARIA tabs: arrow keys move between them)

  function selectTab(tab, focus) {
    document.querySelectorAll('[role="tab"]').forEach(function (t) {
      var selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !selected;
    });
    if (focus) tab.focus();
  }

  function tabKey(event) {
    var tabs = Array.prototype.slice.call(document.querySelectorAll('[role="tab"]'));
    var i = tabs.indexOf(event.target);
    var next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    selectTab(tabs[(next + tabs.length) % tabs.length], true);
  }

  // ---- start

  function start() {
    $('signin-form').addEventListener('submit', signIn);
    $('logout').addEventListener('click', signOut);
    $('waiting').addEventListener('click', onListClick);
    $('mine').addEventListener('click', onListClick);
    $('recent').addEventListener('click', onListClick);
    $('claim').addEventListener('click', function () { act(function () { return claim(state.openId); }); });
    $('reply-form').addEventListener('submit', sendReply);
    $('reply-text').addEventListener('keydown', replyKey);
    $('link-form').addEventListener('submit', sendLink);
    $('handback').addEventListener('click', handBack);
    $('close-form').addEventListener('submit', closeTicket);
    $('export').addEventListener('click', exportData);
    $('erase-form').addEventListener('submit', eraseData);
    $('callbacks').addEventListener('submit', closeTask);
    $('undelivered').addEventListener('click', retryUndelivered);
    $('undelivered').addEventListener('submit', handleUndelivered);
    document.querySelectorAll('[role="tab"]').forEach(function (tab) {
      tab.addEventListener('click', function () { selectTab(tab, false); });
      tab.addEventListener('keydown', tabKey);
    });
    setInterval(updateWaits, 15000);
    if (document.body.getAttribute('data-signed-in') !== 'true') return showSignIn();
    api('GET', '/agent/api/me').then(enter, function () { showSignIn(); });
  }

  start();
})();
