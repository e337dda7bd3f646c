// A JSON webhook channel: a platform (an SMS gateway, the municipality's app) POSTs each message to /api/json/<bot>
// as {"conversation": "...", "text": "..."} and gets the answers back: {"messages": [{"text", "buttons"}]}. What comes
// later (an agent's messages after a handover) is POSTed to JSON_WEBHOOK_OUTBOX. Both ways carry JSON_WEBHOOK_TOKEN.
const { ChannelAdapter, toMessages } = require('loket');

class JsonWebhookAdapter extends ChannelAdapter {
  async push(reference, activities) {
    const res = await fetch(process.env.JSON_WEBHOOK_OUTBOX, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.JSON_WEBHOOK_TOKEN}` },
      body: JSON.stringify({ conversation: reference.conversation.id, messages: toMessages(activities) }),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`the outbox answered HTTP ${res.status}`);
  }
}

/** @type {import('loket').ChannelRegistration} */
module.exports = function jsonWebhook({ server, bots }) {
  if (!process.env.JSON_WEBHOOK_TOKEN) throw new Error('jsonWebhook: set JSON_WEBHOOK_TOKEN');
  const adapters = new Map([...bots].map(([id, bot]) => [id, new JsonWebhookAdapter(bot, 'jsonwebhook')]));
  server.post('/api/json/:bot', async (req, res) => {
    const adapter = adapters.get(req.params.bot);
    if (!adapter) return void res.send(404, { error: `unknown bot "${req.params.bot}"` });
    if (req.headers.authorization !== `Bearer ${process.env.JSON_WEBHOOK_TOKEN}`) return void res.send(401, { error: 'send the token as Authorization: Bearer <token>' });
    const { conversation, text } = req.body ?? {};
    if (typeof conversation !== 'string' || !conversation || typeof text !== 'string') return void res.send(400, { error: 'send JSON {"conversation": "<id>", "text": "<message>"}' });
    const replies = await adapter.receive({ type: 'message', conversation: { id: conversation }, from: { id: conversation }, text });
    res.send(200, { messages: toMessages(replies) });
  });
};
