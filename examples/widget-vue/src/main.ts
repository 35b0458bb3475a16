import { createApp } from 'vue';
import ShopLogin from './ShopLogin.vue';

createApp(ShopLogin).mount('#app');
