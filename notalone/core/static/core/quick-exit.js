// Quick exit: leave NotAlone at once for a neutral site, by the button or by pressing
// Escape several times in a row (how many, how fast: the button's data attributes).
// location.replace() swaps this page out of the tab's history, so Back does not lead here. Nothing is stored in the browser.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var target = link.getAttribute("data-exit-url") || link.href;
  // The rule comes from the page (notalone/core/quick_exit.py), which the safety page states.
  var needed = parseInt(link.getAttribute("data-escape-presses"), 10) || 3;
  var windowMs = parseInt(link.getAttribute("data-escape-window-ms"), 10) || 1500;
  var presses = 0;
  var lastPress = 0;

  function leave(event) {
    if (event) { event.preventDefault(); }
    // Hide the page straight away, before the neutral site has loaded.
    document.documentElement.style.display = "none";
    document.title = "";
    window.location.replace(target);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    // Escape also cancels a conversion in a Japanese, Chinese or Korean input method: that
    // one is the writer's, not a request to leave (and would discard what they wrote).
    if (event.isComposing || event.keyCode === 229) { return; }
    var now = Date.now();
    presses = now - lastPress < windowMs ? presses + 1 : 1;
    lastPress = now;
    if (presses >= needed) { leave(event); }
  });
})();
