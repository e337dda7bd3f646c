// What Gemeente Bergendal adds to Loket: one action and one channel. `loket serve`, `test`, `chat` and `validate`
// all read this file.
const { defineConfig } = require('loket');
const ophaaldag = require('./actions/ophaaldag');
const jsonWebhook = require('./channels/jsonWebhook');

module.exports = defineConfig({
  actions: [ophaaldag],
  channels: [jsonWebhook],
});
