// Small help on the board. Moving a chip's scale means the person places it there, so its
// "on the scale" choice is made; any other choice dims the scale. The form works without this
// file: then the person chooses "on the scale" themselves, and an untouched scale never counts.
(function () {
  "use strict";
  document.querySelectorAll("[data-chip]").forEach(function (chip) {
    var scale = chip.querySelector("input[type=range]");
    var placed = chip.querySelector("[data-state=placed]");
    if (!scale || !placed) { return; }
    function sync() { scale.classList.toggle("is-not-now", !placed.checked); }
    scale.addEventListener("input", function () { placed.checked = true; sync(); });
    chip.querySelectorAll("[data-state]").forEach(function (radio) { radio.addEventListener("change", sync); });
    sync();
  });
})();
