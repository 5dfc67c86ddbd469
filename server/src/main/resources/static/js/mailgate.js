// Mailgate's few lines of page script (the Content-Security-Policy allows no inline script).
//
// A destructive form asks first: <form data-confirm="Delete the account 'Demo IMAP'? ..."> shows
// that question, naming what else is affected, and is sent only when the admin says OK.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true,
);
