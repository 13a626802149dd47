// On every page: register the service worker that keeps the app shell for offline use, and at
// sign-out leave nothing on the device: the queue of unsent saves is cleared (after asking, when
// it still holds changes). The server's answer to sign-out clears the device's storage as well.
(function () {
  "use strict";
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      // Without a service worker the app still works online; nothing to tell the person.
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-sign-out") || !window.WatTelt || form.dataset.cleared) { return; }
    event.preventDefault();
    var queue = window.WatTelt.queue;
    Promise.resolve()
      .then(function () { return queue.count(); })
      .then(function (unsent) {
        if (unsent && !window.confirm(form.dataset.unsent.replace("{n}", unsent))) { return false; }
        return queue.clear().then(function () { return true; });
      })
      .catch(function () { return true; })  // no working storage: nothing to clear, sign out
      .then(function (going) {
        if (going) {
          form.dataset.cleared = "yes";
          form.submit();
        }
      });
  });
})();

// Print buttons: shown only where a script can open the print dialog.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

// Read aloud: a button by each question speaks it, and the ends of the scale, with the browser's
// own speech synthesis in the page's language. It stays hidden where the device has no voice for
// that language, rather than reading Arabic with a Dutch voice.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-speak]");
  if (!buttons.length || !("speechSynthesis" in window)) { return; }
  var lang = document.documentElement.lang.toLowerCase();
  function voiceFor() {
    return window.speechSynthesis.getVoices().filter(function (voice) {
      return voice.lang.toLowerCase().replace("_", "-").split("-")[0] === lang;
    })[0];
  }
  function show() {
    var voice = voiceFor();
    Array.prototype.forEach.call(buttons, function (button) { button.hidden = !voice; });
  }
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      var utterance = new window.SpeechSynthesisUtterance(button.getAttribute("data-speak"));
      utterance.lang = lang;
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(utterance);
    });
  });
  show();
  window.speechSynthesis.addEventListener("voiceschanged", show);
})();

// Focus is never lost to the top of the page: after a failed save the error message takes focus
// (so it is read out and in view, even at the bottom of a long phone page); after a save that
// returns to a place on the page (#goal-3), that place does.
(function () {
  "use strict";
  var target = document.querySelector("main .utrecht-alert--error[tabindex]");
  if (!target && window.location.hash.length > 1) {
    target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  }
  if (!target) { return; }
  if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
  target.focus();
})();

// Sessions end after a while without a request. Working on a page (typing a long note, placing
// chips) counts as activity: it keeps the session, at most one small request a minute. Two minutes
// before the end a calm notice offers to stay signed in; after it, unsent work stays on the device.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="wattelt-idle"]');
  if (!meta) { return; }
  var idle = parseInt(meta.content, 10) * 1000, lastContact = Date.now(), notice = null, timer = null;
  function ping() {
    lastContact = Date.now();
    if (notice) { notice.remove(); notice = null; }
    schedule();
    return fetch("/api/csrf-token", { credentials: "same-origin", cache: "no-store" }).catch(function () {});
  }
  function warn() {
    if (notice) { return; }
    notice = document.createElement("div");
    notice.className = "utrecht-alert utrecht-alert--info idle-notice no-print";
    notice.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.className = "utrecht-alert__message";
    text.textContent = meta.getAttribute("data-warning");
    var stay = document.createElement("button");
    stay.type = "button";
    stay.className = "utrecht-button utrecht-button--primary-action";
    stay.textContent = meta.getAttribute("data-stay");
    stay.addEventListener("click", ping);
    notice.appendChild(text);
    notice.appendChild(stay);
    document.body.appendChild(notice);
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(warn, Math.max(0, idle - 120000 - (Date.now() - lastContact)));
  }
  ["keydown", "pointerdown", "input"].forEach(function (type) {
    document.addEventListener(type, function () {
      if (Date.now() - lastContact > 60000) { ping(); }
    }, { passive: true });
  });
  schedule();
})();

// A select grouped by the choice in another select (the goal form's domains, one group per member):
// only the group of the chosen member can be picked. Without this script every group is shown,
// labelled with the member's name, and the server checks that the domain is that member's.
(function () {
  "use strict";
  var grouped = document.querySelectorAll("select[data-grouped-by]");
  Array.prototype.forEach.call(grouped, function (select) {
    var by = select.form && select.form.elements[select.getAttribute("data-grouped-by")];
    var groups = select.querySelectorAll("optgroup");
    if (!by || groups.length !== by.options.length) { return; }
    function follow() {
      Array.prototype.forEach.call(groups, function (group, index) {
        var mine = index === by.selectedIndex;
        group.disabled = !mine;
        group.hidden = !mine;
      });
      var chosen = select.options[select.selectedIndex];
      if (!chosen || chosen.parentNode.disabled) {
        var first = groups[by.selectedIndex] && groups[by.selectedIndex].querySelector("option");
        if (first) { first.selected = true; }
      }
    }
    by.addEventListener("change", follow);
    follow();
  });
})();
