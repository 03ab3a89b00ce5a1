// A real panel lists its CRM origins in its own code or configuration. This demo allows the
// other loopback name on the same port, the one host.html is opened from.
const otherHost = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
RingnityAgent.startBridge({ allowedOrigins: [`${location.protocol}//${otherHost}:${location.port}`] });
