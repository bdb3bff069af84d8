export { react as default } from '@gatehouse/eslint-config';
