// The CRM pages allowed to host this panel, and the only ones its events go to: your org's
// Visualforce origin (the Open CTI softphone page; Setup > Visualforce Pages > Preview shows it)
// and its Lightning origin (the c-ringnity-agent-panel component on a Lightning page).
const ALLOWED_ORIGINS = ['https://YOUR-DOMAIN--c.vf.force.com', 'https://YOUR-DOMAIN.lightning.force.com'];

// Mirror the elements' events to the hosting page and take its commands, from those origins only.
RingnityAgent.startBridge({ allowedOrigins: ALLOWED_ORIGINS });

// Tell the admin right away when the softphone iframes do not delegate the microphone.
const preflight = RingnityAgent.checkMediaPermissions(['microphone', 'autoplay']);
if (!preflight.ok) console.warn(`[ringnity] ${preflight.advice}`);
