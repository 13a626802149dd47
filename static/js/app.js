// On every page: register the service worker that keeps the app shell for offline use.
(function () {
  "use strict";
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      // Without a service worker the app still works online; nothing to tell the person.
    });
  }
})();
