// Draws every chart on the page from the figure JSON the server put beside it (no inline script).
(function () {
  "use strict";
  // Below this width (a phone) a radar's labels, which stand outside its circle, were cut off at
  // the sides, and a title, which plotly never wraps, ran off the chart.
  var NARROW = 520;
  var TITLE_LINE = 22; // pixels a title line takes

  function wrap(text, width) {
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    lines.push(line);
    return lines;
  }

  function fitted(layout, width) {
    if (width >= NARROW) { return layout; }
    // A radar's longest label line ("dagbesteding") takes about 75 pixels at 11 points.
    var fit = Object.assign({}, layout, {font: Object.assign({}, layout.font, {size: layout.polar ? 11 : 12})});
    var margin = Object.assign({}, layout.margin);
    if (layout.polar) { margin.l = margin.r = 88; }
    if (layout.title && layout.title.text) {
      // About 8.5 pixels a character at the title's size.
      var lines = wrap(layout.title.text, Math.max(16, Math.floor(width / 8.5)));
      fit.title = Object.assign({}, layout.title, {text: lines.join("<br>")});
      margin.t = (margin.t || 0) + TITLE_LINE * (lines.length - 1);
      if (fit.height) { fit.height += TITLE_LINE * (lines.length - 1); }
    }
    fit.margin = margin;
    return fit;
  }

  function draw() {
    document.querySelectorAll("[data-chart]").forEach(function (target) {
      var source = document.getElementById(target.getAttribute("data-chart"));
      if (!source || !window.Plotly) { return; }
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(target, figure.data, fitted(figure.layout, target.clientWidth), figure.config);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
