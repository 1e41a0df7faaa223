/* Site-wide behaviour without inline handlers (the Content-Security-Policy forbids inline script):
   buttons with data-confirm ask before submitting; buttons with data-print open the print dialog. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var confirmButton = event.target.closest("[data-confirm]");
    if (confirmButton && !window.confirm(confirmButton.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
