// Quick exit: leave NotAlone at once for a neutral site, by the button or by pressing
// Escape three times. location.replace() swaps this page out of the tab's history, so
// Back does not lead here. Nothing is stored in the browser.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var target = link.getAttribute("data-exit-url") || link.href;
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
    presses = now - lastPress < 1500 ? presses + 1 : 1;
    lastPress = now;
    if (presses >= 3) { leave(event); }
  });
})();
