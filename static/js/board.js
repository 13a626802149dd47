// The board, enhanced: one compact scale per domain on which the chips of every perspective sit side
// by side, each tap saved at once through the JSON door (via the save queue), differences between
// the views marked while talking, and on a phone one domain per screen with a summary at the end.
// Without this file the page is a plain form that works on its own.
(function () {
  "use strict";
  var form = document.querySelector("[data-board]");
  var source = document.getElementById("board-data");
  if (!form || !source || !window.WatTelt || !("indexedDB" in window)) { return; }
  var data = JSON.parse(source.textContent);
  var text = data.text;
  var queue = window.WatTelt.queue;
  var status = form.querySelector("[data-save-status]");
  var rtl = document.documentElement.dir === "rtl";
  var topics = {};
  var active = data.perspectives[0].key;
  var phone = window.matchMedia("(max-width: 480px)");
  var step = 0;
  var pending = new Set();  // saves waiting for a pause in typing or keys

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return values[key]; });
  }
  function element(tag, attributes, content) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (content !== undefined) { node.textContent = content; }
    return node;
  }
  function writeId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function words(chip) {
    if (chip.state === "not_now") { return data.words.notNow; }
    if (chip.state !== "placed") { return data.words.notPlaced; }
    var bands = data.words.bands, found = bands[0][1];
    bands.forEach(function (band) { if (chip.value >= band[0]) { found = band[1]; } });
    return found;
  }
  // draftKey: the change was written down as a draft while it was being made; once it is in the
  // queue the draft goes.
  function save(kind, body, draftKey) {
    body.id = body.id || writeId();
    body.at = body.at || new Date().toISOString();
    return queue.enqueue(data.api + "/" + kind, body).then(function () {
      if (draftKey) { queue.undraft(draftKey); }
    });
  }
  function draft(kind, body, draftKey) {
    body.id = body.id || writeId();
    body.at = new Date().toISOString();
    queue.draft(draftKey, data.api + "/" + kind, body);
  }
  function say(message) { status.textContent = message; }
  // What the person must know (a change overtaken, a change refused) stays until the next change.
  var notice = element("p", { "class": "board-notice", "role": "status", "aria-live": "polite" });
  function tell(message) { notice.textContent = message; }

  // --- one domain: a row with its scale, "not now", "talk about this" and notes ------------------

  function buildRow(state) {
    var fieldset = form.querySelector('[data-topic="' + state.id + '"]');
    var legend = fieldset.querySelector("legend");
    var row = element("div", { "class": "board-row" });
    var name = element("div", { "class": "row-name", "aria-hidden": "true" });
    name.appendChild(legend.querySelector(".pictogram").cloneNode(true));
    name.appendChild(element("span", {}, state.label));
    var scale = element("div", { "class": "board-scale" });
    var track = element("div", { "class": "track", "role": "group", "aria-label": fill(text.scaleOf, { domain: state.label }) });
    var ends = element("div", { "class": "track-ends", "aria-hidden": "true" });
    ends.appendChild(element("span", {}, data.words.ends[0]));
    ends.appendChild(element("span", {}, data.words.ends[1]));
    var markers = {};
    data.perspectives.forEach(function (perspective) {
      var marker = element("div", {
        "class": "marker p-" + perspective.key, "role": "slider", "tabindex": "-1",
        "aria-label": fill(text.chipOf, { who: perspective.name }) + ", " + state.label,
        "aria-valuemin": "0", "aria-valuemax": "100"
      });
      var question = fieldset.querySelector(".topic-question");
      if (question) { marker.setAttribute("aria-describedby", question.id); }
      markers[perspective.key] = marker;
      track.appendChild(marker);
    });
    scale.appendChild(track);
    scale.appendChild(ends);
    var notNow = element("button", { "type": "button", "class": "tool", "aria-pressed": "false" }, text.notNow);
    // Short words on the buttons; their names for screen readers start with the same words. Who may
    // not change the flag and notes (a naaste) gets neither.
    var talk = data.notes ? element("button", { "type": "button", "class": "tool", "aria-pressed": "false", "aria-label": text.talk }, text.talkShort) : null;
    var notesButton = data.notes ? element("button", { "type": "button", "class": "tool", "aria-expanded": "false" }, text.notes) : null;
    var differ = element("p", { "class": "difference" });
    differ.appendChild(element("span", { "class": "difference-text" }, text.differ));
    var tools = element("div", { "class": "row-tools" });
    // Read aloud (app.js shows it only where the device has a voice for the page's language) sits
    // with the row's tools, since the question itself is not shown on the compact board.
    var speak = fieldset.querySelector("[data-speak]");
    if (speak) { speak.className = "tool speak-button"; }
    [notNow, talk, notesButton, speak].forEach(function (tool) { if (tool) { tools.appendChild(tool); } });
    row.appendChild(name);
    row.appendChild(scale);
    row.appendChild(differ);
    row.appendChild(tools);
    fieldset.querySelector(".topic-chips").before(row);
    fieldset.classList.add("is-enhanced");

    var entry = {
      state: state, fieldset: fieldset, track: track, markers: markers, notNow: notNow, talk: talk, differ: differ,
      notes: fieldset.querySelector("details.notes"), notesButton: notesButton, keep: null
    };
    topics[state.id] = entry;
    wireScale(entry);
    notNow.addEventListener("click", function () {
      var chip = entry.state.chips[active];
      setChip(entry, active, chip.state === "not_now" ? { state: "not_placed", value: null } : { state: "not_now", value: null }, true);
    });
    if (data.notes) { wireNotes(entry); }
    render(entry);
  }

  function wireNotes(entry) {
    var state = entry.state, talk = entry.talk, notesButton = entry.notesButton;
    talk.addEventListener("click", function () {
      entry.state.wants_to_talk = !entry.state.wants_to_talk;
      render(entry);
      save("flags", { topic: state.id, wants_to_talk: entry.state.wants_to_talk });
    });
    notesButton.addEventListener("click", function () {
      entry.notes.open = !entry.notes.open;
      notesButton.setAttribute("aria-expanded", String(entry.notes.open));
      if (entry.notes.open) { entry.notes.querySelector("textarea").focus(); }
    });
    entry.notes.querySelectorAll("textarea").forEach(function (area) {
      var which = area.name.split("_")[0], saved = area.value, pause = null, body = null;
      var draftKey = "note:" + state.id + ":" + which;
      function keep() {
        clearTimeout(pause);
        pending.delete(keep);
        if (!body) { return; }
        save("notes", body, draftKey);
        saved = area.value;
        body = null;
      }
      area.addEventListener("input", function () {
        clearTimeout(pause);
        if (area.value === saved) { body = null; queue.undraft(draftKey); return; }
        body = body || { topic: state.id };
        body["note_" + which] = area.value;
        draft("notes", body, draftKey);
        pending.add(keep);
        pause = setTimeout(keep, 1000);
      });
      area.addEventListener("change", keep);
    });
  }

  // The position under the pointer: the line starts after the tray and ends a little before the
  // edge. null in the tray, where chips wait: a press there places nothing.
  function valueAt(track, clientX) {
    var box = track.getBoundingClientRect();
    var style = getComputedStyle(track.parentNode);
    var em = parseFloat(getComputedStyle(document.documentElement).fontSize);
    var tray = parseFloat(style.getPropertyValue("--tray")) * em, pad = parseFloat(style.getPropertyValue("--pad")) * em;
    var from = rtl ? box.right - clientX : clientX - box.left;
    if (from < tray) { return null; }
    var share = Math.min(Math.max((from - tray) / (box.width - tray - pad), 0), 1);
    return Math.round(100 * share);
  }

  function wireScale(entry) {
    var dragging = false, moved = false;
    function follow(clientX) {
      var value = valueAt(entry.track, clientX);
      if (value !== null) {
        moved = true;
        setChip(entry, active, { state: "placed", value: value }, false);
      }
    }
    entry.track.addEventListener("pointerdown", function (event) {
      dragging = true;
      moved = false;
      entry.track.setPointerCapture(event.pointerId);
      follow(event.clientX);
      entry.markers[active].focus({ preventScroll: true });
      event.preventDefault();
    });
    entry.track.addEventListener("pointermove", function (event) {
      if (dragging) { follow(event.clientX); }
    });
    function drop() {
      if (!dragging) { return; }
      dragging = false;
      if (moved) { commit(entry, active); }
    }
    entry.track.addEventListener("pointerup", drop);
    entry.track.addEventListener("pointercancel", drop);
    Object.keys(entry.markers).forEach(function (key) {
      entry.markers[key].addEventListener("keydown", function (event) {
        var chip = entry.state.chips[key];
        var value = chip.state === "placed" ? chip.value : 50;
        var forward = rtl ? "ArrowLeft" : "ArrowRight", backward = rtl ? "ArrowRight" : "ArrowLeft";
        var moves = { ArrowUp: 1, PageUp: 10, ArrowDown: -1, PageDown: -10 };
        moves[forward] = 1;
        moves[backward] = -1;
        if (event.key === "Home") { value = 0; }
        else if (event.key === "End") { value = 100; }
        else if (event.key in moves) { value = chip.state === "placed" ? value + moves[event.key] : 50; }
        else { return; }
        event.preventDefault();
        setChip(entry, key, { state: "placed", value: Math.min(Math.max(value, 0), 100) }, false);
        saveAfterKeys(entry, key);
      });
    });
  }

  // Keys come fast: the chip is saved once the person stops for a moment, moves on, or leaves.
  function saveAfterKeys(entry, key) {
    var body = entry.keep && entry.keep.key === key ? entry.keep.body : { topic: entry.state.id, perspective: key, state: "placed" };
    if (entry.keep) { entry.keep.cancel(); }
    body.value = entry.state.chips[key].value;
    var draftKey = "chip:" + entry.state.id + ":" + key;
    draft("chips", body, draftKey);
    var marker = entry.markers[key];
    var timer = setTimeout(keep, 600);
    function cancel() {
      clearTimeout(timer);
      pending.delete(keep);
      marker.removeEventListener("blur", keep);
      entry.keep = null;
    }
    function keep() {
      cancel();
      save("chips", body, draftKey);
      renderSummary();
    }
    keep.key = key;
    keep.body = body;
    keep.cancel = cancel;
    pending.add(keep);
    marker.addEventListener("blur", keep);
    entry.keep = keep;
  }

  function setChip(entry, perspective, chip, andSave) {
    entry.state.chips[perspective] = { state: chip.state, value: chip.value };
    render(entry);
    if (andSave) { commit(entry, perspective); }
  }

  function commit(entry, perspective) {
    var chip = entry.state.chips[perspective];
    var body = { topic: entry.state.id, perspective: perspective, state: chip.state };
    if (chip.state === "placed") { body.value = chip.value; }
    save("chips", body);
    renderSummary();
  }

  function render(entry) {
    var placed = [];
    data.perspectives.forEach(function (perspective) {
      var chip = entry.state.chips[perspective.key];
      var marker = entry.markers[perspective.key];
      marker.classList.toggle("is-placed", chip.state === "placed");
      marker.classList.toggle("is-not-now", chip.state === "not_now");
      marker.classList.toggle("is-active", perspective.key === active);
      marker.setAttribute("tabindex", perspective.key === active ? "0" : "-1");
      marker.setAttribute("aria-valuetext", words(chip));
      if (chip.state === "placed") {
        marker.setAttribute("aria-valuenow", String(chip.value));
        marker.style.setProperty("--at", chip.value);
        placed.push(chip.value);
      } else {
        marker.setAttribute("aria-valuenow", "50");  // where the first key puts it; the words say "not placed"
      }
    });
    var mine = entry.state.chips[active];
    entry.notNow.setAttribute("aria-pressed", String(mine.state === "not_now"));
    entry.notNow.setAttribute("aria-label", text.notNow + ", " + nameOf(active));
    if (entry.talk) { entry.talk.setAttribute("aria-pressed", String(Boolean(entry.state.wants_to_talk))); }
    var differs = placed.length > 1 && Math.max.apply(null, placed) - Math.min.apply(null, placed) >= data.threshold;
    entry.differ.classList.toggle("is-shown", differs);
    entry.fieldset.classList.toggle("is-different", differs);
  }

  function unplacedCount() {
    return Object.keys(topics).reduce(function (sum, id) {
      return sum + data.perspectives.filter(function (p) { return topics[id].state.chips[p.key].state === "not_placed"; }).length;
    }, 0);
  }

  function nameOf(key) {
    return data.perspectives.filter(function (p) { return p.key === key; })[0].name;
  }

  // --- whose chip: the perspective the taps and keys place -----------------------------------

  function buildChooser() {
    var chooser = element("fieldset", { "class": "whose" });
    chooser.appendChild(element("legend", {}, text.whose));
    data.perspectives.forEach(function (perspective, index) {
      var id = "whose-" + perspective.key;
      var option = element("div", { "class": "whose-option p-" + perspective.key });
      var radio = element("input", { "type": "radio", "name": "whose", "id": id, "value": perspective.key });
      radio.checked = index === 0;
      radio.addEventListener("change", function () {
        active = perspective.key;
        Object.keys(topics).forEach(function (topic) { render(topics[topic]); });
      });
      option.appendChild(radio);
      var label = element("label", { "for": id });
      label.appendChild(element("span", { "class": "chip-mark", "aria-hidden": "true" }));
      label.appendChild(document.createTextNode(perspective.name));
      option.appendChild(label);
      chooser.appendChild(option);
    });
    // A resident on their own places one chip per row: there is nothing to choose.
    chooser.hidden = data.perspectives.length < 2;
    return chooser;
  }

  // --- phone: one domain per screen, then a summary -------------------------------------------

  var order = data.topics.map(function (t) { return t.id; });
  var nav, summary, summaryList;

  function buildSteps() {
    nav = element("nav", { "class": "steps", "aria-label": text.stepsLabel });
    var back = element("button", { "type": "button", "class": "utrecht-button utrecht-button--secondary-action" }, text.back);
    var where = element("p", { "class": "step-where", "aria-live": "polite" });
    var next = element("button", { "type": "button", "class": "utrecht-button utrecht-button--primary-action" }, text.next);
    back.addEventListener("click", function () { go(step - 1); });
    next.addEventListener("click", function () { go(step + 1); });
    nav.appendChild(back);
    nav.appendChild(where);
    nav.appendChild(next);
    summary = element("section", { "class": "summary", "aria-labelledby": "summary-title" });
    summary.appendChild(element("h2", { "id": "summary-title", "tabindex": "-1" }, text.summary));
    summary.appendChild(element("p", { "class": "help" }, text.summaryIntro));
    summaryList = element("ul", { "class": "summary-list" });
    summary.appendChild(summaryList);
    form.append(summary);
    form.append(nav);
    nav.back = back;
    nav.next = next;
    nav.where = where;
  }

  function go(to) {
    step = Math.min(Math.max(to, 0), order.length);
    layout();
    var shown = step < order.length ? topics[order[step]].fieldset : summary;
    shown.scrollIntoView({ block: "start" });
    var target = step < order.length ? topics[order[step]].markers[active] : summary.querySelector("h2");
    target.focus({ preventScroll: true });
  }

  function layout() {
    var stepped = phone.matches;
    form.classList.toggle("is-stepped", stepped);
    // Tablet: finishing and the save status sit in the bar above the rows; phone: after the summary.
    if (stepped) { nav.after(actions); nav.append(status); } else { bar.append(actions); actions.prepend(status); }
    // Tablet: what the ends of the line mean is the bar's last, small line (the intro is hidden there,
    // so that fourteen rows fit on the screen); the phone says it in its intro.
    if (ends) { (stepped ? intro : bar).appendChild(ends); }
    order.forEach(function (id, index) { topics[id].fieldset.hidden = stepped && index !== step; });
    summary.hidden = stepped && step < order.length;
    nav.hidden = !stepped;
    actions.hidden = stepped && step < order.length;
    if (stepped) {
      nav.back.disabled = step === 0;
      nav.next.hidden = step >= order.length;
      nav.where.textContent = step < order.length ? fill(text.step, { n: step + 1, total: order.length }) : text.summary;
    }
  }

  function renderSummary() {
    if (!summaryList) { return; }
    summaryList.textContent = "";
    var list = summaryList;
    order.forEach(function (id) {
      var entry = topics[id];
      var item = element("li");
      item.appendChild(element("strong", {}, entry.state.label));
      data.perspectives.forEach(function (perspective) {
        var chip = entry.state.chips[perspective.key];
        var line = element("span", { "class": "summary-chip p-" + perspective.key + (chip.state === "not_placed" ? " is-missing" : "") },
          perspective.name + ": " + words(chip));
        item.appendChild(line);
      });
      list.appendChild(item);
    });
  }

  // --- saving: a quiet status, overtaken changes said, finishing only when all is stored --------

  queue.on(function (kind, detail) {
    if (kind === "queued") { say(text.saving); tell(""); }
    else if (kind === "sending") { say(text.saving); }
    else if (kind === "saved") { say(text.saved); }
    else if (kind === "waiting") { say(text.waiting); }
    else if (kind === "signed-out" || kind === "refused") { tell(detail.message); }
    else if (kind === "stored" && detail.answer.applied === false && topics[detail.answer.topic.id]) {
      // Only what was overtaken changes on the board: later changes made here may still be on their way.
      var entry = topics[detail.answer.topic.id], body = detail.item.body;
      if (body.perspective) { entry.state.chips[body.perspective] = detail.answer.topic.chips[body.perspective]; }
      if ("wants_to_talk" in body) { entry.state.wants_to_talk = detail.answer.topic.wants_to_talk; }
      render(entry);
      renderSummary();
      tell(text.overtaken);
    }
    else if (kind === "failed") { tell(text.notKept); }
  });

  // Finishing goes through the JSON door too, once every change is stored: the form's own fields
  // would save again what the page showed, over a change made meanwhile on another device.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    pending.forEach(function (keep) { keep(); });
    if (!finishButton) {
      // Who may not finish (a resident on their own, a naaste) has nothing more to do: all is saved.
      queue.idle().then(function (allStored) { say(allStored ? text.saved : text.waiting); });
      return;
    }
    queue.idle()
      .then(function (allStored) {
        if (!allStored) { throw new Error("unsaved"); }
        // Chips still off the board: the confirmation page says how many and asks.
        if (unplacedCount()) { window.location.assign(data.confirm); return null; }
        return queue.send(data.api + "/complete", { id: writeId(), allow_unplaced: false });
      })
      .then(function (sent) {
        if (!sent) { return; }
        if (sent.status === 200) { window.location.assign(data.result); }
        else if (sent.status === 409 && sent.answer && sent.answer.error.unplaced) { window.location.assign(data.confirm); }
        else { tell((sent.answer && sent.answer.error.message) || text.finishBlocked); }
      })
      .catch(function () { tell(text.finishBlocked); });
  });
  // Leaving the page (closing it, a phone putting it away): what is still being typed is kept.
  function keepPending() { pending.forEach(function (keep) { keep(); }); }
  window.addEventListener("pagehide", keepPending);
  document.addEventListener("visibilitychange", function () { if (document.hidden) { keepPending(); } });

  // --- build ---------------------------------------------------------------------------------

  form.classList.add("is-enhanced");
  document.documentElement.classList.add("is-enhanced-page");
  var actions = form.querySelector(".form-actions");
  // Every tap is saved already: the button only finishes the conversation.
  var finishButton = actions.querySelector('[name="finish"]');
  if (finishButton) { finishButton.value = text.finish; }
  var bar = element("div", { "class": "board-bar" });
  var ends = document.querySelector(".scale-words.on-tablet");
  var intro = ends && ends.parentNode;
  bar.appendChild(buildChooser());
  form.prepend(bar);
  bar.after(notice);
  data.topics.forEach(buildRow);
  buildSteps();
  renderSummary();
  layout();
  phone.addEventListener("change", layout);
})();
