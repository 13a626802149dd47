// Small help on the board: moving a chip means the person does want to place it,
// so "not now" is unticked; ticking "not now" dims the scale. The form works without this file.
(function () {
  "use strict";
  document.querySelectorAll("[data-not-now]").forEach(function (box) {
    var scale = document.getElementById(box.getAttribute("data-not-now"));
    if (!scale) { return; }
    function sync() { scale.classList.toggle("is-not-now", box.checked); }
    scale.addEventListener("input", function () { box.checked = false; sync(); });
    box.addEventListener("change", sync);
    sync();
  });
})();
