import { mount } from 'svelte';
import ShopLogin from './ShopLogin.svelte';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app');
mount(ShopLogin, { target });
