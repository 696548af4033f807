// A question on a page rendered on the server ("Mark 45 events reviewed?") has no live connection to hear
// a key, so Escape is heard here and follows the question's "No" link, as Escape closes the live pages'
// questions. The question also takes the focus when it appears, so a keyboard user is where it is. Both
// listen on the document, so they work after Blazor's enhanced navigation has swapped the page in too.
function focusQuestion() {
    document.querySelector('[data-question]')?.focus();
}

document.addEventListener('keydown', event => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
        document.querySelector('[data-question] [data-question-no]')?.click();
    }
});

focusQuestion();
Blazor.addEventListener('enhancedload', focusQuestion);
