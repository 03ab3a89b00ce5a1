/** Sent as `bundleVersion` in `agent.connect` unless the integrator names their own build. */
export const SDK_VERSION = '0.1.0';
