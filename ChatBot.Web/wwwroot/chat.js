// Enter sends a chat message, Shift+Enter adds a line (textareas marked data-enter-submits).
document.addEventListener('keydown', (event) => {
    const target = event.target;
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing
        && target instanceof HTMLTextAreaElement && target.hasAttribute('data-enter-submits')) {
        event.preventDefault();
        target.form?.requestSubmit();
    }
});
