export * from './default-templates.js';
export * from './language-fallback.js';
export * from './message-language.js';
export * from './missing-translations.js';
export * from './template-render.js';
export * from './template-rules.js';
export * from './template-syntax.js';
export * from './template-variables.js';
