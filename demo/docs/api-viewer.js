// The docs page's script, built by rollup into dist/docs/api-viewer.js (no CDN: the demo server
// runs without internet). It registers <api-docs> and <api-demo> from api-viewer-element, which
// read custom-elements.json and render each element's API and a live playground.
import 'api-viewer-element/lib/api-docs.js';
import 'api-viewer-element/lib/api-demo.js';
