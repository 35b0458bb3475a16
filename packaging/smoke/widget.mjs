// A page that only imports the widget for its side effect, as the docs show: a bundler must keep the
// element's definition (package.json "sideEffects"), not shake it away.
import '@ones.dev/common/widget';
