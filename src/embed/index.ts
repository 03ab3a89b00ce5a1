/**
 * `@ringnity/agent-sdk/embed`: the iframe path.
 * - In the CRM page: `embedRingnityPanel` puts the panel in an iframe and re-emits its events.
 * - In the panel page: `startPanelBridge` mirrors the elements' events to the CRM page and takes
 *   its commands; `checkMediaPermissions` tells whether the iframe lets calls use the devices.
 */
export { embedRingnityPanel, type EmbeddedPanel, type EmbedOptions } from './host.js';
export { startPanelBridge, BridgeCommandError, BRIDGED_EVENTS, type PanelBridgeOptions } from './panel-bridge.js';
export { startFrameBridge, type FrameBridge, type FrameBridgeOptions, type BridgeCommandHandlers } from './frame-bridge.js';
export { checkMediaPermissions, IFRAME_ALLOW_ATTRIBUTE, type MediaFeature, type MediaPreflight } from '../sdk/calls/preflight.js';
export { BRIDGE_COMMANDS, BRIDGE_SOURCE, BRIDGE_VERSION, type BridgeCommand, type BridgeMessage } from './messages.js';
