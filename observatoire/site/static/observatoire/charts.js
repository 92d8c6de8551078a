// Progressive enhancement of the server-rendered SVG charts: pointing at a chart enlarges
// the points of the nearest month and prints every series' value for it under the chart.
// Without JavaScript each point keeps its <title> tooltip, and the table that follows each
// chart holds every value (screen readers use the table, so the read-out is not announced).
(function () {
  "use strict";
  document.querySelectorAll("figure.chart").forEach(function (figure) {
    var svg = figure.querySelector("svg[role=img]");
    var dots = Array.prototype.slice.call(svg.querySelectorAll("circle"));
    if (!dots.length) {
      return;
    }
    var readout = document.createElement("p");
    readout.className = "chart-readout";
    figure.appendChild(readout);
    var current = null;

    function show(x) {
      var texts = [];
      dots.forEach(function (dot) {
        var on = x !== null && dot.cx.baseVal.value === x;
        dot.setAttribute("r", on ? "6" : "3.5");
        if (on) {
          texts.push(dot.querySelector("title").textContent);
        }
      });
      readout.textContent = texts.join(" · ");
      current = x;
    }

    svg.addEventListener("pointermove", function (event) {
      var box = svg.getBoundingClientRect();
      var x = ((event.clientX - box.left) * svg.viewBox.baseVal.width) / box.width;
      var nearest = null;
      dots.forEach(function (dot) {
        var distance = Math.abs(dot.cx.baseVal.value - x);
        if (nearest === null || distance < nearest.distance) {
          nearest = { distance: distance, x: dot.cx.baseVal.value };
        }
      });
      if (nearest.x !== current) {
        show(nearest.x);
      }
    });
    svg.addEventListener("pointerleave", function () {
      show(null);
    });
  });
})();
