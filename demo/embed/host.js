// The CRM side: embed the panel from the other loopback name, so that the two are different
// origins as they would be in production, and wire the bridge to this page.
const $ = (selector) => document.querySelector(selector);
const panelHost = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
const panelOrigin = `${location.protocol}//${panelHost}:${location.port}`;
$('#host-origin').textContent = location.origin;
$('#panel-origin').textContent = panelOrigin;

const panel = RingnityEmbed.embedPanel({
  src: `${panelOrigin}/embed/panel.html`,
  container: $('#panel'),
});

function log(text, failed = false) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  if (failed) item.className = 'failed';
  $('#log').prepend(item);
}

const EVENTS = [
  'ringnity-ready',
  'ringnity-error',
  'ringnity-presence-change',
  'ringnity-conversation-select',
  'ringnity-message-received',
  'ringnity-message-sent',
  'ringnity-conversation-assigned',
  'ringnity-conversation-closed',
  'ringnity-incoming-call',
  'ringnity-call-accepted',
  'ringnity-call-ended',
];
for (const name of EVENTS) {
  panel.iframe.addEventListener(name, (event) => log(`${name} ${JSON.stringify(event.detail).slice(0, 160)}`));
}
panel.iframe.addEventListener('ringnity-conversation-select', (event) => {
  const { customer } = event.detail.conversation;
  $('#customer').textContent = `${customer.name}${customer.email ? ` <${customer.email}>` : ''}`;
});
panel.ready.then(() => log('panel ready'));

async function send(command, args) {
  try {
    const result = await panel.command(command, args);
    log(`${command} → ${JSON.stringify(result).slice(0, 160)}`);
  } catch (error) {
    log(`${command} failed: ${error.code} ${error.message}`, true);
  }
}

$('#presence').addEventListener('submit', (event) => {
  event.preventDefault();
  send('presence.set', { status: $('#status').value });
});
$('#open').addEventListener('submit', (event) => {
  event.preventDefault();
  send('conversation.open', { conversationId: $('#conversation').value.trim() });
});
$('#accept').addEventListener('click', () => send('call.accept', {}));
$('#end').addEventListener('click', () => send('call.end', {}));
