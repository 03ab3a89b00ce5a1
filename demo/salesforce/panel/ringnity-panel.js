// Mirror the elements' events to the softphone page and take its commands, from this origin only.
// Replace with your org's Visualforce origin (Setup > Visualforce Pages > Preview shows it).
RingnityAgent.startBridge({ allowedOrigins: ['https://YOUR-DOMAIN--c.vf.force.com'] });

// Tell the admin right away when the softphone iframes do not delegate the microphone.
const preflight = RingnityAgent.checkMediaPermissions(['microphone', 'autoplay']);
if (!preflight.ok) console.warn(`[ringnity] ${preflight.advice}`);
