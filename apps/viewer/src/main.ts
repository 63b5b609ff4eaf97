/**
 * The viewer's entry: styles, then the app on the page's skeleton (index.html).
 */
import './styles.css';
import { App } from './ui/app.ts';

new App();
